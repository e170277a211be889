namespace Hyperswitch.Email.TestSupport;

public static class RepositoryRoot
{
    /// <summary>The folder that holds the tool manifest (<c>.config/dotnet-tools.json</c>), found upwards from the test binaries.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, ".config", "dotnet-tools.json")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No .config/dotnet-tools.json above {AppContext.BaseDirectory}.");
    }
}
