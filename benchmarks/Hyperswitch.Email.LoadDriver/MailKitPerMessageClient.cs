using Hyperswitch.Email.Benchmarks;

namespace Hyperswitch.Email.LoadDriver;

/// <summary>Raw MailKit, a new client and connection per message: connect, EHLO (STARTTLS), send, QUIT.</summary>
internal sealed class MailKitPerMessageClient(RawMailKit mailKit, bool noDelay) : IClientUnderTest
{
    public IWorker CreateWorker() => new Worker(mailKit, noDelay);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class Worker(RawMailKit mailKit, bool noDelay) : IWorker
    {
        public async Task SendAsync(CancellationToken cancellationToken)
        {
            using var message = SampleEmail.BuildWithMimeKit();
            using var client = mailKit.CreateClient();
            if (noDelay)
            {
                await mailKit.ConnectWithNoDelayAsync(client, cancellationToken);
            }
            else
            {
                await mailKit.ConnectWithDefaultsAsync(client, cancellationToken);
            }

            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
