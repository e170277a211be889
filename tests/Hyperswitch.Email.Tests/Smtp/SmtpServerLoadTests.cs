using Xunit.Abstractions;
using System.Diagnostics;
using MimeKit;

namespace Hyperswitch.Email.Tests.Smtp;

/// <summary>Runs alone (no other test opens sockets meanwhile), so that file descriptors and threads can be counted.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollectionDefinition
{
    public const string Name = "serial";
}

/// <summary>Under load and over time: no deadlock, no leaked socket or thread, cancellation that returns promptly and closes.</summary>
[Collection(SerialCollectionDefinition.Name)]
public sealed class SmtpServerLoadTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task SendAsync_500Concurrent_AllDeliveredWithDistinctMessageIds()
    {
        await using var server = new ScriptedSmtpServer();
        using var factory = EmailClientFactory.FromConfiguration(SmtpServerFaultTests.Settings(server, timeoutSeconds: 30));
        var client = factory.Client;

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 500).Select(i => Task.Run(() => client.SendEmailAsync($"user{i}@example.com", $"Load {i}", $"<p>{i}</p>")))).WaitAsync(Bound);
        output.WriteLine($"500 concurrent sends in {clock.Elapsed.TotalSeconds:0.00} s");

        Assert.Equal(500, server.Messages.Count);
        var ids = server.Messages.Select(m => MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(m.Content))).MessageId).ToHashSet();
        Assert.Equal(500, ids.Count);
        Assert.Equal(500, server.Messages.Select(m => m.Recipients.Single()).Distinct().Count());
    }

    [Fact]
    public async Task SendAsync_5000FailingSends_LeakNoSocketsNorThreads()
    {
        var faults = new (SmtpPhase Phase, SmtpAction Action)[]
        {
            (SmtpPhase.Greeting, SmtpAction.Close),
            (SmtpPhase.Greeting, SmtpAction.Reply(421, "4.3.2 busy")),
            (SmtpPhase.Ehlo, SmtpAction.Close),
            (SmtpPhase.MailFrom, SmtpAction.Reply(451, "4.3.0 later")),
            (SmtpPhase.RcptTo, SmtpAction.Reply(550, "5.1.1 unknown")),
            (SmtpPhase.Data, SmtpAction.Close),
            (SmtpPhase.EndOfData, SmtpAction.Reply(554, "5.7.1 rejected")),
            (SmtpPhase.EndOfData, SmtpAction.Close),
        };
        var servers = faults.Select(f => new ScriptedSmtpServer().On(f.Phase, f.Action)).ToList();
        var refusedPort = FreePort.Next();
        var factories = servers.Select(s => EmailClientFactory.FromConfiguration(SmtpServerFaultTests.Settings(s)))
            .Append(EmailClientFactory.FromConfiguration(EmailClientFactory.Plaintext(refusedPort)))
            .ToList();
        try
        {
            // Warm up with the same pattern so that the thread pool and the runtime have their working set.
            await RunAsync(factories, 200);
            await Eventually.TrueAsync(() => servers.All(s => s.OpenConnections == 0));
            var (socketsBefore, threadsBefore) = (OpenSockets(), Process.GetCurrentProcess().Threads.Count);


            var clock = Stopwatch.StartNew();
            var failures = await RunAsync(factories, 5000);
            var elapsed = clock.Elapsed;

            await Eventually.TrueAsync(() => servers.All(s => s.OpenConnections == 0) && OpenSockets() <= socketsBefore && Process.GetCurrentProcess().Threads.Count <= threadsBefore + 2);
            var (socketsAfter, threadsAfter) = (OpenSockets(), Process.GetCurrentProcess().Threads.Count);
            output.WriteLine($"5000 failing sends in {elapsed.TotalSeconds:0.0} s; sockets {socketsBefore} -> {socketsAfter}; threads {threadsBefore} -> {threadsAfter}");

            Assert.Equal(5000, failures);
            Assert.True(socketsAfter <= socketsBefore, $"Open sockets: {socketsBefore} before, {socketsAfter} after 5000 failing sends.");
            Assert.True(threadsAfter <= threadsBefore + 2, $"Threads: {threadsBefore} before, {threadsAfter} after 5000 failing sends.");
        }
        finally
        {
            factories.ForEach(f => f.Dispose());
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }

    [Theory]
    [InlineData(SmtpPhase.Greeting)]
    [InlineData(SmtpPhase.Ehlo)]
    [InlineData(SmtpPhase.MailFrom)]
    [InlineData(SmtpPhase.RcptTo)]
    [InlineData(SmtpPhase.Data)]
    [InlineData(SmtpPhase.MidData)]
    [InlineData(SmtpPhase.EndOfData)]
    public async Task SendAsync_CanceledAtStage_ReturnsPromptlyAndClosesTheConnection(SmtpPhase phase)
    {
        await using var server = new ScriptedSmtpServer();
        server.On(phase, SmtpAction.Stall);
        using var factory = EmailClientFactory.FromConfiguration(SmtpServerFaultTests.Settings(server, timeoutSeconds: 60));
        var socketsBefore = OpenSockets();
        using var cancellation = new CancellationTokenSource();
        var body = phase == SmtpPhase.MidData ? SmtpServerFaultTests.LargeHtml(4) : "<p/>";
        var send = factory.Client.SendEmailAsync("jane@example.com", "Hi", body, cancellation.Token);
        await Eventually.TrueAsync(() => server.Commands.Count >= StageCommandCount(phase) && server.ConnectionCount == 1);
        var clock = Stopwatch.StartNew();

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"Cancellation took {clock.Elapsed} with a 60 s timeout.");
        output.WriteLine($"Canceled at {phase} in {clock.Elapsed.TotalMilliseconds:0} ms");
        await Eventually.TrueAsync(() => server.OpenConnections == 0 && OpenSockets() <= socketsBefore);
        Assert.Empty(server.Messages);
    }

    /// <summary>How many command lines the server has received once the client is waiting at <paramref name="phase"/>.</summary>
    private static int StageCommandCount(SmtpPhase phase) => phase switch
    {
        SmtpPhase.Greeting => 0,
        SmtpPhase.Ehlo => 1,
        SmtpPhase.MailFrom => 2,
        SmtpPhase.RcptTo => 3,
        _ => 4,
    };

    private static async Task<int> RunAsync(List<EmailClientFactory> factories, int count)
    {
        var failures = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, token) =>
        {
            try
            {
                await factories[i % factories.Count].Client.SendEmailAsync($"user{i}@example.com", "Fault", "<p/>", token);
            }
            catch (EmailSendException)
            {
                Interlocked.Increment(ref failures);
            }
        }).WaitAsync(Bound);
        return failures;
    }

    /// <summary>The sockets this process has open (client and scripted-server sides), from <c>/proc/self/fd</c>.</summary>
    private static int OpenSockets() => Directory.GetFiles("/proc/self/fd").Count(fd =>
    {
        try
        {
            return new FileInfo(fd).LinkTarget?.StartsWith("socket:", StringComparison.Ordinal) == true;
        }
        catch (IOException)
        {
            return false; // Closed while we looked.
        }
    });
}
