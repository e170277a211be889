using System.Text.RegularExpressions;


namespace Hyperswitch.Email.Tests;

/// <summary>
/// The README's C# snippets must compile. A whole file marked <c>&lt;!-- readme-test: APP file PATH --&gt;</c> is pasted
/// into a fresh app and built by Hyperswitch.Email.Readme.Tests; every other snippet stands, line for line, in such a
/// file or in a sample that the solution builds.
/// </summary>
public sealed partial class ReadmeTests
{
    [Fact]
    public void CSharpSnippets_AppearInCompiledSamples()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        var samples = Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "samples"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(path => Normalize(File.ReadAllText(path)))
            .ToList();
        var blocks = CSharpBlock().Matches(readme).ToList();
        var pasted = blocks.Where(m => m.Groups["marker"].Success).Select(m => Normalize(m.Groups["code"].Value)).ToList();
        var snippets = blocks.Where(m => !m.Groups["marker"].Success).Select(m => m.Groups["code"].Value).ToList();

        Assert.NotEmpty(pasted);
        Assert.NotEmpty(snippets);
        Assert.All(snippets, snippet => Assert.True(
            samples.Concat(pasted).Any(file => file.Contains(Normalize(snippet), StringComparison.Ordinal)),
            $"This README snippet is in no file under samples/ and in no whole file of the README:{Environment.NewLine}{snippet}"));
    }

    [Fact]
    public void PackageReadmes_EveryPackageHasOneWithAbsoluteLinks()
    {
        var packages = Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "src"), "*.csproj", SearchOption.AllDirectories).Select(Path.GetDirectoryName).ToList();

        Assert.NotEmpty(packages);
        Assert.All(packages, package =>
        {
            var readme = Path.Combine(package!, "README.md");
            Assert.True(File.Exists(readme), $"{readme} is missing: nuget.org shows a package's README, and the repository's is too long for it.");
            var relative = MarkdownLink().Matches(File.ReadAllText(readme)).Select(m => m.Groups["target"].Value).Where(target => !target.StartsWith("https://", StringComparison.Ordinal));
            Assert.Empty(relative);
        });
    }

    [Fact]
    public void PackageReadmes_CSharpSnippetsAppearInCompiledCode()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        var compiled = new[] { "samples", "tests" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, folder), "*.cs", SearchOption.AllDirectories))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(path => Normalize(File.ReadAllText(path)))
            .Concat(CSharpBlock().Matches(readme).Where(m => m.Groups["marker"].Success).Select(m => Normalize(m.Groups["code"].Value)))
            .ToList();
        var snippets = Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "src"), "README.md", SearchOption.AllDirectories)
            .SelectMany(path => CSharpBlock().Matches(File.ReadAllText(path)).Select(m => (path, code: m.Groups["code"].Value)))
            .ToList();

        Assert.NotEmpty(snippets);
        Assert.All(snippets, snippet => Assert.True(
            compiled.Any(file => file.Contains(Normalize(snippet.code), StringComparison.Ordinal)),
            $"This snippet of {snippet.path} is in no compiled file under samples/ or tests/ and in no whole file of the README:{Environment.NewLine}{snippet.code}"));
    }

    [Fact]
    public void TestCommand_IsWhatCiRuns()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        var ci = File.ReadAllText(Path.Combine(RepositoryRoot.Path, ".ci", "run"));

        Assert.Contains("```sh\ndotnet tool restore && dotnet test\n```", readme, StringComparison.Ordinal);
        Assert.Contains("(dotnet tool restore && dotnet test)", ci, StringComparison.Ordinal);

        // CI is a new user's machine: nothing restored before, no NuGet cache, no tools.
        Assert.Contains("DOTNET_CLI_HOME=$(mktemp -d)", ci, StringComparison.Ordinal);
    }

    [Fact]
    public void ToolManifests_HoldOneToolEach()
    {
        // The .NET SDK misattributes commands when a manifest with two or more tools is restored on an empty cache
        // (dotnet/sdk#53783), so the test command's manifest keeps smtp4dev alone; dotnet-ef lives with its sample.
        var manifests = Directory.EnumerateFiles(RepositoryRoot.Path, "dotnet-tools.json", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();

        Assert.Contains(Path.Combine(RepositoryRoot.Path, ".config", "dotnet-tools.json"), manifests);
        Assert.All(manifests, manifest =>
        {
            using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(manifest));
            Assert.Single(json.RootElement.GetProperty("tools").EnumerateObject());
        });
    }

    private static string Normalize(string code) =>
        string.Join('\n', code.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0));

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex("(?<marker><!-- readme-test: [a-z]+ file \\S+ -->\\n)?```csharp\\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
