namespace Hyperswitch.Email.TestSupport;

/// <summary>
/// One throwaway PostgreSQL server for the tests of a class (<c>IClassFixture</c>) or a collection
/// (<c>ICollectionFixture</c>); each test makes its own database with <see cref="PostgreSqlServer.CreateDatabaseAsync"/>.
/// </summary>
public sealed class PostgreSqlFixture : IAsyncLifetime
{
    private PostgreSqlServer? _server;

    public PostgreSqlServer Server => _server ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() => _server = await PostgreSqlServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
