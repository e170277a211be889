using System.Text.RegularExpressions;


namespace Hyperswitch.Email.Tests;

/// <summary>The README's C# snippets must compile: each one stands, line for line, in a sample that the solution builds.</summary>
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
        var snippets = CSharpBlock().Matches(readme).Select(m => m.Groups[1].Value).ToList();

        Assert.NotEmpty(snippets);
        Assert.All(snippets, snippet => Assert.True(
            samples.Any(sample => sample.Contains(Normalize(snippet), StringComparison.Ordinal)),
            $"This README snippet is in no file under samples/:{Environment.NewLine}{snippet}"));
    }

    [Fact]
    public void TestCommand_IsWhatCiRuns()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        var ci = File.ReadAllText(Path.Combine(RepositoryRoot.Path, ".ci", "run"));

        Assert.Contains("```sh\ndotnet tool restore && dotnet test\n```", readme, StringComparison.Ordinal);
        Assert.Contains("(dotnet tool restore && dotnet test)", ci, StringComparison.Ordinal);
    }

    private static string Normalize(string code) =>
        string.Join('\n', code.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0));

    [GeneratedRegex("```csharp\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
