using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;

namespace SignupFlows.Emails;

/// <summary>The HTML templates in Emails/Templates, embedded in the assembly, with <c>{{name}}</c> placeholders.</summary>
internal static partial class EmailTemplate
{
    private static readonly ConcurrentDictionary<string, string> Cache = new();

    /// <summary>Fills the template's placeholders with <paramref name="values"/>, each HTML-encoded, and puts it in the shared layout.</summary>
    public static string Render(string name, IReadOnlyDictionary<string, string> values)
    {
        var content = Placeholder().Replace(Cache.GetOrAdd(name, Load), match =>
        {
            var key = match.Groups[1].Value;
            return values.TryGetValue(key, out var value)
                ? HtmlEncoder.Default.Encode(value)
                : throw new InvalidOperationException($"The template {name} needs a value for {{{{{key}}}}}.");
        });
        return Cache.GetOrAdd("layout.html", Load).Replace("<!-- content -->\n", content, StringComparison.Ordinal);
    }

    private static string Load(string name)
    {
        using var stream = typeof(EmailTemplate).Assembly.GetManifestResourceStream($"Templates.{name}")
            ?? throw new InvalidOperationException($"No email template {name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"\{\{([a-z]+)\}\}")]
    private static partial Regex Placeholder();
}
