using Hyperswitch.Email.Benchmarks;
using MailKit.Net.Smtp;

namespace Hyperswitch.Email.LoadDriver;

/// <summary>Raw MailKit, one <c>NoDelay</c> connection per worker, opened at its first message and reused for every other.</summary>
internal sealed class MailKitReusedClient(RawMailKit mailKit) : IClientUnderTest
{
    public IWorker CreateWorker() => new Worker(mailKit);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class Worker(RawMailKit mailKit) : IWorker
    {
        private SmtpClient? _client;

        public async Task SendAsync(CancellationToken cancellationToken)
        {
            using var message = SampleEmail.BuildWithMimeKit();
            if (_client is null)
            {
                var client = mailKit.CreateClient();
                try
                {
                    await mailKit.ConnectWithNoDelayAsync(client, cancellationToken);
                }
                catch
                {
                    client.Dispose();
                    throw;
                }

                _client = client;
            }

            try
            {
                await _client.SendAsync(message, cancellationToken);
            }
            catch
            {
                // The connection's state is unknown: the next message opens a new one.
                _client.Dispose();
                _client = null;
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_client is { } client)
            {
                _client = null;
                try
                {
                    using var quit = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                    await client.DisconnectAsync(quit: true, quit.Token);
                }
                catch (Exception exception) when (exception is not OutOfMemoryException)
                {
                    // Closing after the measurement: a failed QUIT changes nothing measured.
                }
                finally
                {
                    client.Dispose();
                }
            }
        }
    }
}
