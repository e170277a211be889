using System.Diagnostics;
using MimeKit;

namespace Hyperswitch.Email.Smtp;

/// <summary>
/// A bounded pool of open connections to one server, for one <see cref="SmtpSettings"/> instance. Each connection is
/// used by one send at a time. Retired when the options change, closed when the service provider is disposed.
/// </summary>
internal sealed class SmtpConnectionPool : IAsyncDisposable
{
    private readonly SmtpEndpoint _endpoint;
    private readonly SmtpPoolingOptions _options;
    private readonly SemaphoreSlim _slots;
    private readonly Stack<SmtpConnection> _idle = new();
    private readonly object _gate = new();
    private readonly ITimer _sweeper;
    private readonly Action<Exception> _onCloseFailed;
    private bool _retired;

    public SmtpConnectionPool(SmtpEndpoint endpoint, SmtpPoolingOptions options, Action<Exception> onCloseFailed)
    {
        _endpoint = endpoint;
        _options = options;
        _onCloseFailed = onCloseFailed;
        _slots = new SemaphoreSlim(options.MaxConnections, options.MaxConnections);
        var period = options.IdleTimeout / 2;
        _sweeper = TimeProvider.System.CreateTimer(static state => ((SmtpConnectionPool)state!).CloseExpired(), this, period, period);
    }

    /// <summary>Gets how many connections are open and idle.</summary>
    public int IdleCount
    {
        get
        {
            lock (_gate)
            {
                return _idle.Count;
            }
        }
    }

    /// <summary>Sends on a pooled connection, opening one if none is idle.</summary>
    /// <exception cref="EmailSendException">Sending failed.</exception>
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = TakeIdle();
            if (connection is not null)
            {
                try
                {
                    await connection.SendAsync(message, cancellationToken).ConfigureAwait(false);
                    Return(connection);
                    return;
                }
                catch (EmailSendException failure) when (IsStaleConnection(failure))
                {
                    // The server dropped the idle connection (or said 421, closing) before it could have the message:
                    // send it again on a fresh one.
                    Close(connection);
                }
                catch
                {
                    Close(connection);
                    throw;
                }
            }

            connection = await SmtpConnection.OpenAsync(_endpoint, cancellationToken).ConfigureAwait(false);
            try
            {
                await connection.SendAsync(message, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                Close(connection);
                throw;
            }

            Return(connection);
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>Stops handing out connections: idle ones are closed now, busy ones when they come back.</summary>
    public void Retire()
    {
        List<SmtpConnection> idle;
        lock (_gate)
        {
            _retired = true;
            idle = [.. _idle];
            _idle.Clear();
        }

        _sweeper.Dispose();
        idle.ForEach(Close);
    }

    public async ValueTask DisposeAsync()
    {
        List<SmtpConnection> idle;
        lock (_gate)
        {
            _retired = true;
            idle = [.. _idle];
            _idle.Clear();
        }

        await _sweeper.DisposeAsync().ConfigureAwait(false);
        await Task.WhenAll(idle.Select(QuitAndCloseAsync)).ConfigureAwait(false);
    }

    private SmtpConnection? TakeIdle()
    {
        while (true)
        {
            SmtpConnection? connection;
            lock (_gate)
            {
                if (_retired || !_idle.TryPop(out connection))
                {
                    return null;
                }
            }

            if (connection.IsConnected && !IsExpired(connection))
            {
                return connection;
            }

            Close(connection);
        }
    }

    private void Return(SmtpConnection connection)
    {
        lock (_gate)
        {
            if (!_retired && connection.IsConnected && connection.MessagesSent < _options.MaxMessagesPerConnection && _idle.Count < _options.MaxConnections)
            {
                _idle.Push(connection);
                return;
            }
        }

        _ = QuitAndCloseAsync(connection);
    }

    /// <summary>A reused connection that failed this way was closed by the server; the message certainly did not arrive.</summary>
    private static bool IsStaleConnection(EmailSendException failure) =>
        !failure.MayHaveBeenDelivered
        && (failure.Failure is EmailSendFailure.Protocol or EmailSendFailure.Timeout || failure.SmtpStatusCode == 421);

    private bool IsExpired(SmtpConnection connection) => Stopwatch.GetElapsedTime(connection.LastUsed) >= _options.IdleTimeout;

    private void CloseExpired()
    {
        List<SmtpConnection> expired;
        lock (_gate)
        {
            expired = _idle.Where(IsExpired).ToList();
            if (expired.Count == 0)
            {
                return;
            }

            var keep = _idle.Where(c => !expired.Contains(c)).Reverse().ToList();
            _idle.Clear();
            keep.ForEach(_idle.Push);
        }

        expired.ForEach(c => _ = QuitAndCloseAsync(c));
    }

    /// <summary>Closes a connection that is in an unknown state, without QUIT.</summary>
    private static void Close(SmtpConnection connection) => connection.Dispose();

    /// <summary>Closes a healthy connection politely; a failed QUIT is only logged.</summary>
    private async Task QuitAndCloseAsync(SmtpConnection connection)
    {
        using (connection)
        {
            if (await connection.QuitAsync(CancellationToken.None).ConfigureAwait(false) is { } failure)
            {
                _onCloseFailed(failure);
            }
        }
    }
}
