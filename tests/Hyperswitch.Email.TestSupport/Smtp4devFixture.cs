namespace Hyperswitch.Email.TestSupport;

/// <summary>Three smtp4dev servers shared by the tests of the <c>smtp4dev</c> collection: without TLS, offering STARTTLS, and with implicit TLS.</summary>
public sealed class Smtp4devFixture : IAsyncLifetime
{
    private Smtp4dev? _plain;
    private Smtp4dev? _startTls;
    private Smtp4dev? _implicitTls;

    /// <summary>Offers no STARTTLS (like a development relay such as MailHog).</summary>
    public Smtp4dev Plain => _plain ?? throw new InvalidOperationException("Not started.");

    /// <summary>Offers STARTTLS with a self-signed certificate for <c>localhost</c>.</summary>
    public Smtp4dev StartTls => _startTls ?? throw new InvalidOperationException("Not started.");

    /// <summary>Speaks TLS from the first byte (port 465 style), with a self-signed certificate for <c>localhost</c>.</summary>
    public Smtp4dev ImplicitTls => _implicitTls ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        var plain = Smtp4dev.StartAsync("None");
        var startTls = Smtp4dev.StartAsync("StartTls");
        var implicitTls = Smtp4dev.StartAsync("ImplicitTls");
        try
        {
            await Task.WhenAll(plain, startTls, implicitTls);
        }
        catch
        {
            // Stop whichever did start, so that no process outlives the run.
            foreach (var started in new[] { plain, startTls, implicitTls }.Where(t => t.IsCompletedSuccessfully))
            {
                await started.Result.DisposeAsync();
            }

            throw;
        }

        _plain = plain.Result;
        _startTls = startTls.Result;
        _implicitTls = implicitTls.Result;
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

        if (_implicitTls is not null)
        {
            await _implicitTls.DisposeAsync();
        }
    }
}
