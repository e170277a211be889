using System.Collections.Concurrent;
using System.Text;
using Hyperswitch.Email.Internal;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Hyperswitch.Email.Testing;

/// <summary>
/// An <see cref="IEmailClient"/> that keeps every message in an outbox instead of sending it, like Django's
/// <c>mail.outbox</c>. It builds the exact MIME message the SMTP client would send (sender, DKIM, size limit and all),
/// so bad input fails the same way. Thread-safe.
/// </summary>
public sealed class InMemoryEmailClient : IEmailClient
{
    private readonly CurrentComposer _composer;
    private readonly ConcurrentQueue<SentEmail> _outbox = new();
    private readonly object _signal = new();
    private TaskCompletionSource _sent = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Initializes a new instance of the <see cref="InMemoryEmailClient"/> class.</summary>
    /// <param name="options">The options; the sender comes from them.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    public InMemoryEmailClient(IOptionsMonitor<EmailOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);

        // In tests an invalid edit should fail loudly, not fall back: rethrow what the options refused.
        _composer = new CurrentComposer(options, refusal => System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(refusal));
    }

    /// <summary>Gets the messages sent so far, oldest first.</summary>
    public IReadOnlyList<SentEmail> Outbox => _outbox.ToArray();

    /// <inheritdoc />
    public Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        using var mime = _composer.Get().Compose(message);
        Record(mime, cancellationToken);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public PreparedEmail Prepare(EmailMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return _composer.Get().Prepare(message);
    }

    /// <inheritdoc />
    public Task SendAsync(PreparedEmail email, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(email);
        cancellationToken.ThrowIfCancellationRequested();
        using var mime = email.ToMimeMessage();
        Record(mime, cancellationToken);
        return Task.CompletedTask;
    }

    private void Record(MimeMessage mime, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream();
        mime.WriteTo(WireFormat.Crlf, stream, cancellationToken);
        var sent = new SentEmail(mime, Encoding.UTF8.GetString(stream.ToArray()));
        TaskCompletionSource signal;
        lock (_signal)
        {
            _outbox.Enqueue(sent);
            signal = _sent;
            _sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        signal.SetResult();
    }

    /// <summary>Returns the messages sent to <paramref name="address"/> (To, Cc or Bcc), oldest first.</summary>
    /// <param name="address">The recipient, compared case-insensitively.</param>
    /// <returns>The messages.</returns>
    public IReadOnlyList<SentEmail> SentTo(string address)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        return Outbox.Where(m => m.IsFor(address)).ToList();
    }

    /// <summary>Empties the outbox.</summary>
    public void Clear() => _outbox.Clear();

    /// <summary>Waits until a message that matches <paramref name="predicate"/> has been sent (or was already), and returns it.</summary>
    /// <param name="predicate">What the message must satisfy.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The first matching message.</returns>
    /// <exception cref="TimeoutException">No such message was sent within <paramref name="timeout"/>.</exception>
    public async Task<SentEmail> WaitForEmailAsync(Func<SentEmail, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            Task next;
            lock (_signal)
            {
                if (_outbox.FirstOrDefault(predicate) is { } match)
                {
                    return match;
                }

                next = _sent.Task;
            }

            try
            {
                await next.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"No matching email was sent within {timeout}; the outbox holds {_outbox.Count}.");
            }
        }
    }
}
