namespace Hyperswitch.Email.AmazonSes.Tests;

/// <summary>One aws-ses-v2-local for the tests of the collection <see cref="SesLocalCollectionDefinition"/>.</summary>
public sealed class SesLocalFixture : IAsyncLifetime
{
    private SesLocalServer? _server;

    public SesLocalServer Server => _server ?? throw new InvalidOperationException("aws-ses-v2-local has not started.");

    public async Task InitializeAsync() => _server = await SesLocalServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SesLocalCollectionDefinition : ICollectionFixture<SesLocalFixture>
{
    public const string Name = "aws-ses-v2-local";
}
