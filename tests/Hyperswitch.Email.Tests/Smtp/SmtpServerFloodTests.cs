using System.Diagnostics;
using Xunit.Abstractions;

namespace Hyperswitch.Email.Tests.Smtp;

/// <summary>
/// Replies that never end, as fast as the server can write them: a <c>Protocol</c> failure once a reply passes the
/// size bound, with memory flat. Runs alone, so that the allocation figures are this test's.
/// </summary>
[Collection(SerialCollectionDefinition.Name)]
public sealed class SmtpServerFloodTests(ITestOutputHelper output)
{
    /// <summary>Far above what a bounded client allocates (a few hundred KiB), far below the gigabytes of an unbounded one.</summary>
    private const long AllocationBound = 256L * 1024 * 1024;

    public static TheoryData<SmtpPhase, bool> Floods() => new()
    {
        { SmtpPhase.Greeting, true },
        { SmtpPhase.Ehlo, true },
        { SmtpPhase.MailFrom, true },
        { SmtpPhase.RcptTo, true },
        { SmtpPhase.EndOfData, true },
        { SmtpPhase.Ehlo, false },
        { SmtpPhase.MailFrom, false },
    };

    [Theory]
    [MemberData(nameof(Floods))]
    public async Task SendAsync_EndlessReply_FailsAsProtocolWithMemoryFlat(SmtpPhase phase, bool multiLine)
    {
        var code = phase == SmtpPhase.Greeting ? "220" : "250";
        await using var server = SmtpServerFaultTests.NewServer();

        // Multi-line: "250-" and 1,000 characters per line; single line: "250 " and no CRLF, ever.
        server.On(phase, SmtpAction.Flood(multiLine ? $"{code}-{new string('x', 1000)}" : $"{code} {new string('y', 4000)}", lineEnding: multiLine));
        using var factory = EmailClientFactory.FromConfiguration(SmtpServerFaultTests.Settings(server, timeoutSeconds: 20));
        using var testDeadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();

        var exception = await Assert.ThrowsAsync<EmailSendException>(() => factory.Client.SendEmailAsync("jane@example.com", "Hi", "<p/>", testDeadline.Token));

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        output.WriteLine($"{phase} ({(multiLine ? "multi-line" : "one line")}): failed after {clock.ElapsedMilliseconds} ms; the server wrote {server.FloodedBytes / 1024} KiB before the client closed; {allocated / 1024} KiB allocated in the process meanwhile.");
        Assert.Equal(EmailSendFailure.Protocol, exception.Failure);
        Assert.Contains("sent a reply longer than 100 lines or 64 KiB", exception.Message, StringComparison.Ordinal);
        Assert.Equal(phase == SmtpPhase.EndOfData, exception.MayHaveBeenDelivered);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"Took {clock.Elapsed}: the size bound, not the 20 s timeout, must end it.");
        Assert.True(allocated < AllocationBound, $"{allocated} bytes allocated.");
        Assert.Empty(server.Messages);
        SmtpServerHostileReplyTests.AssertNoMailKitType(exception);
    }
}
