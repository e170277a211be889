namespace Hyperswitch.Email.AspNetCore.Identity.Tests;

/// <summary>The tests that share one smtp4dev without TLS; xunit runs them one after another.</summary>
[CollectionDefinition(Name)]
public sealed class Smtp4devCollectionDefinition : ICollectionFixture<Smtp4devPlainFixture>
{
    public const string Name = "smtp4dev";
}
