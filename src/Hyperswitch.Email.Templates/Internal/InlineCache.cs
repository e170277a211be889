using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Hyperswitch.Email.Templates.Internal;

/// <summary>
/// Replays PreMailer's inlining for documents of a structure it has already inlined. Emails of one template differ in
/// their text and links, not in their elements, classes and CSS, and PreMailer's work (parsing the CSS, matching the
/// selectors, merging by specificity) depends only on those: the cache keys a document by its structure, records the
/// attributes PreMailer changed on each element, and on a hit sets them on the freshly parsed document, removes the
/// comments and serializes it with PreMailer's formatter, so the output is PreMailer's byte for byte.
/// </summary>
/// <remarks>
/// The key is each element's depth, name and attributes in document order, with the values of the attributes that
/// carry data (links, image sources, alternative text, …) left out, and the text of the <c>&lt;style&gt;</c>
/// elements. A document is inlined by PreMailer alone when its CSS could read what the key leaves out (an attribute
/// selector, <c>:empty</c>, <c>:lang()</c>, any pseudo-class not known to depend on structure alone, a
/// <c>-premailer-</c> property naming a left-out attribute), when it links a style sheet, holds elements outside HTML,
/// when replaying the recorded changes does not give PreMailer's output, when its key passes 32 K characters, and
/// once the cache holds its capacity or 4 M characters of keys (8 MB).
/// </remarks>
internal sealed partial class InlineCache
{
    /// <summary>The capacity of <see cref="Shared"/>: structures, so templates × layouts × themes.</summary>
    public const int DefaultCapacity = 512;

    // A key is kept as a string, so its length is the memory it holds: a structure this long is not cached, and the
    // keys of one cache hold at most MaxKeyChars (8 MB) between them.
    private const int MaxKeyLength = 32 * 1024;
    private const long MaxKeyChars = 4 * 1024 * 1024;

    private static readonly string[] StructuralPseudoClasses =
    [
        "first-child", "last-child", "only-child", "nth-child", "nth-last-child",
        "first-of-type", "last-of-type", "only-of-type", "nth-of-type", "nth-last-of-type",
        "root", "not", "is", "where",
    ];

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly int _capacity;
    private int _count;
    private long _keyChars;
    private long _hits;
    private long _misses;
    private long _bypasses;

    /// <summary>Creates a cache of at most <paramref name="capacity"/> structures.</summary>
    public InlineCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _capacity = capacity;
    }

    /// <summary>The cache the package renders with.</summary>
    public static InlineCache Shared { get; } = new(DefaultCapacity);

    /// <summary>The structures held, replayable or marked as PreMailer's alone.</summary>
    public int Count => _entries.Count;

    /// <summary>The documents inlined from a recorded structure.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>The documents inlined by PreMailer and recorded.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>The documents inlined by PreMailer alone: not cacheable, or the cache full.</summary>
    public long Bypasses => Interlocked.Read(ref _bypasses);

    /// <summary>Inlines the CSS of <paramref name="html"/> as <see cref="CssInliner.InlineWithPreMailer(string)"/> does.</summary>
    public string Inline(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var document = new HtmlParser().ParseDocument(html);
        using var disposable = document;
        var shape = Shape.Read(document);
        Entry? entry = null;
        if (shape is null || (_entries.TryGetValue(shape.Key, out entry) && entry.Edits is null) || (entry is null && IsFull))
        {
            Interlocked.Increment(ref _bypasses);
            return CssInliner.InlineWithPreMailer(document);
        }

        if (entry?.Edits is { } recorded)
        {
            Interlocked.Increment(ref _hits);
            return Replay(document, shape.Elements, recorded);
        }

        Interlocked.Increment(ref _misses);
        var cacheable = CssIsStructural(shape.Elements);
        var before = cacheable ? Snapshot(shape.Elements) : null;
        var expected = CssInliner.InlineWithPreMailer(document);
        var edits = before is null ? null : Diff(before, shape.Elements);
        if (edits is not null && !ReplaysTo(html, shape.Key, edits, expected))
        {
            edits = null;
        }

        Store(shape.Key, new Entry(edits));
        return expected;
    }

    private bool IsFull => Volatile.Read(ref _count) >= _capacity || Interlocked.Read(ref _keyChars) >= MaxKeyChars;

    private void Store(string key, Entry entry)
    {
        var count = Interlocked.Increment(ref _count);
        var chars = Interlocked.Add(ref _keyChars, key.Length);
        if (count > _capacity || chars > MaxKeyChars || !_entries.TryAdd(key, entry))
        {
            Interlocked.Decrement(ref _count);
            Interlocked.Add(ref _keyChars, -key.Length);
        }
    }

    // The proof of a recording: replayed on the same HTML parsed afresh, it gives PreMailer's output.
    private static bool ReplaysTo(string html, string key, ElementEdit[] edits, string expected)
    {
        using var document = new HtmlParser().ParseDocument(html);
        var shape = Shape.Read(document);
        return shape is not null && string.Equals(shape.Key, key, StringComparison.Ordinal)
            && string.Equals(Replay(document, shape.Elements, edits), expected, StringComparison.Ordinal);
    }

    private static string Replay(IHtmlDocument document, List<IElement> elements, ElementEdit[] edits)
    {
        foreach (var edit in edits)
        {
            var element = elements[edit.Index];
            foreach (var name in edit.Removed)
            {
                element.RemoveAttribute(name);
            }

            foreach (var (name, value) in edit.Set)
            {
                element.SetAttribute(name, value);
            }

            if (edit.Text is not null)
            {
                element.TextContent = edit.Text;
            }
        }

        // As PreMailer's removeComments does.
        foreach (var comment in document.Descendants<IComment>().ToList())
        {
            comment.Remove();
        }

        using var writer = new StringWriter();
        document.ToHtml(writer, CssInliner.Formatter);
        return writer.ToString();
    }

    /// <summary>Whether every selector PreMailer applies reads only what the key holds.</summary>
    private static bool CssIsStructural(List<IElement> elements)
    {
        var parser = new PreMailer.Net.CssParser();
        var selectors = new PreMailer.Net.CssSelectorParser();
        foreach (var element in elements)
        {
            if (element.LocalName == "style")
            {
                var css = element.TextContent;
                if (NamesLeftOutAttribute(css))
                {
                    return false;
                }

                parser.AddStyleSheet(css);
            }

            if (element.GetAttribute("style") is { } inline && NamesLeftOutAttribute(inline))
            {
                return false;
            }
        }

        foreach (var (key, style) in parser.Styles)
        {
            // PreMailer drops what it does not support (:hover, ::before, …): it reads nothing.
            if (selectors.IsSupportedSelector(key) && !(IsStructural(key) && IsStructural(style.Name ?? string.Empty)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsStructural(string selector)
    {
        if (selector.Contains('[', StringComparison.Ordinal))
        {
            return false;
        }

        foreach (Match match in PseudoClass().Matches(selector))
        {
            if (match.Groups[1].Value.Length > 0 || !StructuralPseudoClasses.Contains(match.Groups[2].Value, StringComparer.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    // A -premailer-title: x could set an attribute whose earlier value the key does not hold.
    private static bool NamesLeftOutAttribute(string css)
    {
        foreach (Match match in PremailerProperty().Matches(css))
        {
            if (Shape.IsLeftOut(match.Groups[1].Value))
            {
                return true;
            }
        }

        return false;
    }

    private static ElementState[] Snapshot(List<IElement> elements)
    {
        var states = new ElementState[elements.Count];
        for (var i = 0; i < elements.Count; i++)
        {
            var element = elements[i];
            var attributes = new KeyValuePair<string, string>[element.Attributes.Length];
            var j = 0;
            foreach (var attribute in element.Attributes)
            {
                attributes[j++] = new(attribute.Name, attribute.Value);
            }

            states[i] = new ElementState(attributes, element.LocalName == "style" ? element.TextContent : null);
        }

        return states;
    }

    /// <summary>
    /// PreMailer's changes to each element as removals, then sets (in place for an attribute already there, appended
    /// for a new one); <see langword="null"/> when they are not of that form or touch a left-out attribute.
    /// </summary>
    private static ElementEdit[]? Diff(ElementState[] before, List<IElement> elements)
    {
        var edits = new List<ElementEdit>();
        for (var i = 0; i < elements.Count; i++)
        {
            var element = elements[i];
            var old = before[i].Attributes;
            var kept = new List<string>();
            var removed = new List<string>();
            foreach (var (name, _) in old)
            {
                (element.HasAttribute(name) ? kept : removed).Add(name);
            }

            var set = new List<(string, string)>();
            var position = 0;
            foreach (var attribute in element.Attributes)
            {
                var index = Array.FindIndex(old, a => a.Key == attribute.Name);
                if (index >= 0)
                {
                    // An attribute already there keeps its place.
                    if (position >= kept.Count || kept[position] != attribute.Name)
                    {
                        return null;
                    }

                    position++;
                    if (old[index].Value == attribute.Value)
                    {
                        continue;
                    }
                }
                else if (position < kept.Count)
                {
                    return null;
                }

                set.Add((attribute.Name, attribute.Value));
            }

            var text = before[i].Text is { } oldText && element.TextContent is var newText && newText != oldText ? newText : null;
            if (removed.Count == 0 && set.Count == 0 && text is null)
            {
                continue;
            }

            if (removed.Exists(Shape.IsLeftOut) || set.Exists(s => Shape.IsLeftOut(s.Item1)))
            {
                return null;
            }

            edits.Add(new ElementEdit(i, [.. removed], [.. set], text));
        }

        return [.. edits];
    }

    // :name or ::name; group 1 is the second colon of a pseudo-element.
    [GeneratedRegex(@":(:?)(-?[A-Za-z_][A-Za-z0-9_-]*)")]
    private static partial Regex PseudoClass();

    [GeneratedRegex(@"-premailer-([A-Za-z0-9_-]+)")]
    private static partial Regex PremailerProperty();

    /// <summary>What the cache knows of a structure: the edits to replay, or <see langword="null"/> for PreMailer's alone.</summary>
    private sealed record Entry(ElementEdit[]? Edits);

    private sealed record ElementState(KeyValuePair<string, string>[] Attributes, string? Text);

    /// <summary>The changes PreMailer made to the element at <paramref name="Index"/> in document order.</summary>
    private sealed record ElementEdit(int Index, string[] Removed, (string Name, string Value)[] Set, string? Text);

    /// <summary>A parsed document's elements in document order and its structure key.</summary>
    private sealed class Shape
    {
        private static readonly HashSet<string> LeftOut = new(StringComparer.OrdinalIgnoreCase)
        {
            "href", "src", "srcset", "alt", "title", "value", "content", "action", "lang",
        };

        private Shape(string key, List<IElement> elements)
        {
            Key = key;
            Elements = elements;
        }

        public string Key { get; }

        public List<IElement> Elements { get; }

        /// <summary>Whether the key leaves out the value of the attribute: data that varies from email to email.</summary>
        public static bool IsLeftOut(string name) =>
            LeftOut.Contains(name) || name.StartsWith("data-", StringComparison.OrdinalIgnoreCase);

        /// <summary>The shape of <paramref name="document"/>; <see langword="null"/> when it is not cacheable.</summary>
        public static Shape? Read(IHtmlDocument document)
        {
            var key = new StringBuilder(1024);
            Append(key, document.CompatMode);
            var elements = new List<IElement>();
            var stack = new Stack<(IElement Element, int Depth)>();
            PushChildren(stack, document, 0);
            while (stack.TryPop(out var item))
            {
                var element = item.Element;
                if (element.NamespaceUri != NamespaceNames.HtmlUri || (element.LocalName == "link" && IsStyleSheetLink(element)))
                {
                    return null;
                }

                elements.Add(element);
                key.Append(item.Depth).Append('<');
                Append(key, element.LocalName);
                foreach (var attribute in element.Attributes)
                {
                    key.Append(' ');
                    Append(key, attribute.Name);
                    if (!IsLeftOut(attribute.Name))
                    {
                        key.Append('=');
                        Append(key, attribute.Value);
                    }
                }

                if (element.LocalName == "style")
                {
                    key.Append('{');
                    Append(key, element.TextContent);
                }

                key.Append('>');
                if (key.Length > MaxKeyLength)
                {
                    return null;
                }

                PushChildren(stack, element, item.Depth + 1);
            }

            return new Shape(key.ToString(), elements);
        }

        private static void PushChildren(Stack<(IElement, int)> stack, INode parent, int depth)
        {
            var children = parent.ChildNodes;
            for (var i = children.Length - 1; i >= 0; i--)
            {
                if (children[i] is IElement child)
                {
                    stack.Push((child, depth));
                }
            }
        }

        // As PreMailer picks the <link> elements whose style sheet it downloads.
        private static bool IsStyleSheetLink(IElement link) => link.Attributes.Any(a =>
            a.Name.Equals("href", StringComparison.OrdinalIgnoreCase)
            && (a.Value.EndsWith(".css", StringComparison.OrdinalIgnoreCase)
                || link.Attributes.Any(r => r.Name.Equals("rel", StringComparison.OrdinalIgnoreCase) && r.Value.Equals("stylesheet", StringComparison.OrdinalIgnoreCase))));

        private static void Append(StringBuilder key, string value) => key.Append(value.Length).Append(':').Append(value);
    }
}
