using System.Text.RegularExpressions;

namespace Hyperswitch.Email.Readme.Tests;

/// <summary>
/// The README's code blocks in document order. A block preceded by <c>&lt;!-- readme-test: APP run --&gt;</c> is a shell
/// block a user runs for the app APP; one preceded by <c>&lt;!-- readme-test: APP file PATH --&gt;</c> is a file the
/// user writes at PATH. Blocks without a marker are shown, not followed.
/// </summary>
internal sealed partial class ReadmeDocument
{
    private ReadmeDocument(IReadOnlyList<ReadmeBlock> blocks) => Blocks = blocks;

    public IReadOnlyList<ReadmeBlock> Blocks { get; }

    public static ReadmeDocument Load() =>
        Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md")).Replace("\r\n", "\n", StringComparison.Ordinal));

    public static ReadmeDocument Parse(string markdown)
    {
        var blocks = new List<ReadmeBlock>();
        foreach (Match match in Block().Matches(markdown))
        {
            var marker = match.Groups["marker"];
            blocks.Add(new ReadmeBlock(
                Language: match.Groups["language"].Value,
                Code: match.Groups["code"].Value,
                App: marker.Success ? match.Groups["app"].Value : null,
                Action: marker.Success ? match.Groups["action"].Value : null,
                Path: match.Groups["path"].Success ? match.Groups["path"].Value : null));
        }

        return new ReadmeDocument(blocks);
    }

    /// <summary>The steps of one app, in the order the README gives them.</summary>
    public IReadOnlyList<ReadmeBlock> StepsOf(string app) => Blocks.Where(block => block.App == app).ToList();

    [GeneratedRegex(
        @"^(?<marker><!-- readme-test: (?<app>[a-z]+) (?<action>run|file)(?: (?<path>\S+))? -->\n)?```(?<language>[a-z]+)\n(?<code>.*?)^```$",
        RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex Block();
}

/// <summary>One fenced block of the README.</summary>
internal sealed record ReadmeBlock(string Language, string Code, string? App, string? Action, string? Path);
