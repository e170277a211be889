namespace Hyperswitch.Email.Readme.Tests;

/// <summary>
/// What a new user has: the packages in a local folder feed (packed from this repository, as they would be published),
/// a fresh .NET CLI home (so an empty NuGet cache and no tools), and an SMTP relay with STARTTLS and a password
/// (smtp4dev) to point the apps at.
/// </summary>
public sealed class ReadmeFixture : IAsyncLifetime
{
    /// <summary>The packages the README's sections add.</summary>
    private static readonly string[] Packages = ["Hyperswitch.Email", "Hyperswitch.Email.EntityFrameworkCore", "Hyperswitch.Email.Templates", "Hyperswitch.Email.AspNetCore.Identity"];

    private Smtp4dev? _relay;

    public string Root { get; } = Directory.CreateTempSubdirectory("readme-as-a-user-").FullName;

    public string Feed => Path.Combine(Root, "feed");

    public Smtp4dev Relay => _relay ?? throw new InvalidOperationException("Not started.");

    /// <summary>The user's environment: a .NET CLI home of their own, empty when the fixture starts.</summary>
    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>
    {
        ["DOTNET_CLI_HOME"] = Path.Combine(Root, "home"),
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
        ["DOTNET_GENERATE_ASPNET_CERTIFICATE"] = "false",
        ["DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE"] = "true",
    };

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(Root, "home"));
        Directory.CreateDirectory(Path.Combine(Root, "apps"));
        var relay = Smtp4dev.StartAsync("StartTls");
        foreach (var package in Packages)
        {
            // Packed with the repository's own environment, as a release would be.
            await ChildProcess.RunAsync(
                "dotnet",
                ["pack", Path.Combine(RepositoryRoot.Path, "src", package, $"{package}.csproj"), "-c", "Release", "-o", Feed, "--nologo"],
                RepositoryRoot.Path,
                new Dictionary<string, string?>(),
                TimeSpan.FromMinutes(10),
                asUser: false);
        }

        // The apps live outside the repository (none of its Directory.Build.props applies) and find the packages in the
        // local feed beside the user's usual sources.
        await File.WriteAllTextAsync(
            Path.Combine(Root, "apps", "nuget.config"),
            $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="local" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
        _relay = await relay;
    }

    public async Task DisposeAsync()
    {
        if (_relay is not null)
        {
            await _relay.DisposeAsync();
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
