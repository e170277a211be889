using System.Collections.Concurrent;

namespace Hyperswitch.Email.Testing;

/// <summary>
/// An <see cref="IEmailClient"/> that keeps every message in an outbox instead of sending it, like Django's
/// <c>mail.outbox</c>. It builds the exact MIME message the SMTP client would send (sender, DKIM, size limit and all),
/// so bad input fails the same way. Thread-safe.
/// </summary>
public sealed class InMemoryEmailClient : IEmailClient, IEmailTransport
{
    private readonly IEmailComposer _composer;
    private readonly EmailSendPipeline _pipeline;
    private readonly ConcurrentQueue<SentEmail> _outbox = new();
    private readonly object _signal = new();
    private TaskCompletionSource _sent = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Initializes a new instance of the <see cref="InMemoryEmailClient"/> class.</summary>
    /// <param name="composer">The composer the other clients use, so that the sender, DKIM and the size limit apply.</param>
    /// <param name="pipeline">The send pipeline the other clients use, so that send hooks, logs and metrics see these messages too.</param>
    /// <exception cref="ArgumentNullException"><paramref name="composer"/> or <paramref name="pipeline"/> is <see langword="null"/>.</exception>
    public InMemoryEmailClient(IEmailComposer composer, EmailSendPipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(composer);
        ArgumentNullException.ThrowIfNull(pipeline);
        _composer = composer;
        _pipeline = pipeline;
    }

    /// <summary>Gets the provider's name, <c>InMemory</c>.</summary>
    public string Name => ProviderName;

    /// <summary>The provider name, <c>InMemory</c>.</summary>
    public const string ProviderName = "InMemory";

    /// <summary>Gets the messages sent so far, oldest first.</summary>
    public IReadOnlyList<SentEmail> Outbox => _outbox.ToArray();

    /// <inheritdoc />
    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        var email = await _composer.ComposeAsync(message, cancellationToken).ConfigureAwait(false);
        await _pipeline.SendAsync(email, this, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The provider: records the message in <see cref="Outbox"/>.</summary>
    Task IEmailTransport.SendAsync(PreparedEmail email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        cancellationToken.ThrowIfCancellationRequested();
        Record(email);
        return Task.CompletedTask;
    }

    private void Record(PreparedEmail email)
    {
        var sent = SentEmail.Of(email);
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
