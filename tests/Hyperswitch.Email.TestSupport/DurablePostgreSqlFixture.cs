namespace Hyperswitch.Email.TestSupport;

/// <summary>
/// A throwaway PostgreSQL server whose commits survive a crash of the server (<c>synchronous_commit=on</c>), for the
/// tests of a class that stop it with <see cref="PostgreSqlServer.StopImmediatelyAsync"/>.
/// </summary>
public sealed class DurablePostgreSqlFixture : IAsyncLifetime
{
    private PostgreSqlServer? _server;

    public PostgreSqlServer Server => _server ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() => _server = await PostgreSqlServer.StartAsync(durableCommits: true);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
