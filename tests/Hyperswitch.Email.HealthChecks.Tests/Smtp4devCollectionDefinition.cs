namespace Hyperswitch.Email.HealthChecks.Tests;

/// <summary>The tests that share the two smtp4dev servers (plain and STARTTLS); xunit runs them one after another.</summary>
[CollectionDefinition(Name)]
public sealed class Smtp4devCollectionDefinition : ICollectionFixture<Smtp4devFixture>
{
    public const string Name = "smtp4dev";
}
