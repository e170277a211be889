namespace Hyperswitch.Email.TestSupport;

/// <summary>Two smtp4dev servers shared by the tests of the <c>smtp4dev</c> collection: one without TLS, one offering STARTTLS.</summary>
public sealed class Smtp4devFixture : IAsyncLifetime
{
    private Smtp4dev? _plain;
    private Smtp4dev? _startTls;

    /// <summary>Offers no STARTTLS (like a development relay such as MailHog).</summary>
    public Smtp4dev Plain => _plain ?? throw new InvalidOperationException("Not started.");

    /// <summary>Offers STARTTLS with a self-signed certificate for <c>localhost</c>.</summary>
    public Smtp4dev StartTls => _startTls ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        var plain = Smtp4dev.StartAsync("None");
        var startTls = Smtp4dev.StartAsync("StartTls");
        try
        {
            await Task.WhenAll(plain, startTls);
        }
        catch
        {
            // Stop whichever did start, so that no process outlives the run.
            foreach (var started in new[] { plain, startTls }.Where(t => t.IsCompletedSuccessfully))
            {
                await started.Result.DisposeAsync();
            }

            throw;
        }

        _plain = plain.Result;
        _startTls = startTls.Result;
    }

    public async Task DisposeAsync()
    {
        if (_plain is not null)
        {
            await _plain.DisposeAsync();
        }

        if (_startTls is not null)
        {
            await _startTls.DisposeAsync();
        }
    }
}
