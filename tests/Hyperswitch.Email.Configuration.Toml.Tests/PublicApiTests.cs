namespace Hyperswitch.Email.Configuration.Toml.Tests;

public sealed class PublicApiTests() : PublicSurfaceTests(typeof(TomlConfigurationSource).Assembly);
