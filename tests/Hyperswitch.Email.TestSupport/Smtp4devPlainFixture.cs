namespace Hyperswitch.Email.TestSupport;

/// <summary>One smtp4dev without TLS (like a development relay), for test assemblies that need no STARTTLS server.</summary>
public sealed class Smtp4devPlainFixture : IAsyncLifetime
{
    private Smtp4dev? _sink;

    public Smtp4dev Sink => _sink ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() => _sink = await Smtp4dev.StartAsync("None");

    public async Task DisposeAsync()
    {
        if (_sink is not null)
        {
            await _sink.DisposeAsync();
        }
    }
}
