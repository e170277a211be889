using System.Text;
using Hyperswitch.Email.Smtp;

namespace Hyperswitch.Email.Tests.Smtp;

public sealed class SmtpStageTrackerTests
{
    private const string Content = "Subject: x\r\n\r\nline\r\n..stuffed\r\n.. \r\nend\r\n.\r\n";

    [Fact]
    public void LogClient_TerminatorSplitAtAnyPoint_IsFoundExactlyAtTheEnd()
    {
        var bytes = Encoding.ASCII.GetBytes(Content);
        for (var split = 0; split <= bytes.Length; split++)
        {
            var tracker = InContent();
            tracker.LogClient(bytes, 0, split);
            Assert.Equal(split == bytes.Length ? SmtpStage.EndOfData : SmtpStage.Content, tracker.Stage);
            tracker.LogClient(bytes, split, bytes.Length - split);
            Assert.Equal(SmtpStage.EndOfData, tracker.Stage);
        }
    }

    [Fact]
    public void LogClient_OneByteWrites_FindTheTerminatorOnlyAtTheEnd()
    {
        var bytes = Encoding.ASCII.GetBytes(Content);
        var tracker = InContent();
        for (var i = 0; i < bytes.Length; i++)
        {
            Assert.Equal(SmtpStage.Content, tracker.Stage);
            tracker.LogClient(bytes, i, 1);
        }

        Assert.Equal(SmtpStage.EndOfData, tracker.Stage);
    }

    [Fact]
    public void LogServer_ReplyAfterTerminator_MarksAcceptedOrRefused()
    {
        var accepted = InContent();
        Write(accepted, ".\r\n");
        accepted.LogServer(Encoding.ASCII.GetBytes("250 2.0.0 Ok\r\n"), 0, 14);
        var refused = InContent();
        Write(refused, ".\r\n");
        refused.LogServer(Encoding.ASCII.GetBytes("554 5.7.1 no\r\n"), 0, 14);

        Assert.Equal(SmtpStage.Accepted, accepted.Stage);
        Assert.Equal(SmtpStage.Data, refused.Stage);
        Assert.Equal(554, refused.LastReplyCode);
    }

    [Fact]
    public void LogServer_ReplySplitAtEveryByte_CompletesTheReplyAndDisarmsTheDeadline()
    {
        var tracker = new SmtpStageTracker(TimeSpan.FromMilliseconds(50));
        using var watch = tracker.Start(CancellationToken.None);
        Write(tracker, "EHLO client\r\n");
        var reply = Encoding.ASCII.GetBytes("250-scripted.test\r\n250-PIPELINING\r\n250 SIZE 1000\r\n");
        for (var i = 0; i < reply.Length; i++)
        {
            Assert.Equal(1, tracker.AwaitingReplies);
            tracker.LogServer(reply, i, 1);
        }

        Assert.Equal(0, tracker.AwaitingReplies);
        Assert.Equal(250, tracker.LastReplyCode);
        // Waits on the token itself, past the 50 ms deadline: it returns at once if the deadline fires.
        Assert.False(watch.Token.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(200)), "A complete reply must disarm the deadline.");
    }

    [Fact]
    public void LogClient_PipelinedCommands_EachReplyIsAwaited()
    {
        var tracker = new SmtpStageTracker(TimeSpan.FromSeconds(30));
        using var watch = tracker.Start(CancellationToken.None);
        Write(tracker, "MAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nRCPT TO:<e@f.example>\r\n");

        Assert.Equal(3, tracker.AwaitingReplies);
        Assert.Equal(SmtpStage.RcptTo, tracker.Stage);
        tracker.LogServer(Encoding.ASCII.GetBytes("250 ok\r\n250 ok\r\n"), 0, 16);
        Assert.Equal(1, tracker.AwaitingReplies);
        tracker.LogServer(Encoding.ASCII.GetBytes("250 ok\r\n"), 0, 8);
        Assert.Equal(0, tracker.AwaitingReplies);
    }

    [Fact]
    public async Task Start_ReplyThatNeverEnds_CancelsAfterTheTimeoutHoweverBytesArrive()
    {
        var tracker = new SmtpStageTracker(TimeSpan.FromMilliseconds(300));
        using var watch = tracker.Start(CancellationToken.None);
        Write(tracker, "MAIL FROM:<a@b.example>\r\n");
        var line = Encoding.ASCII.GetBytes("250-x\r\n");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!watch.Token.IsCancellationRequested && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            tracker.LogServer(line, 0, line.Length);
            await Task.Delay(20);
        }

        Assert.True(watch.Token.IsCancellationRequested, "Server bytes must not extend the deadline.");
        Assert.False(tracker.ReplyTooLarge);
    }

    [Fact]
    public async Task Start_ContentWrittenSlowly_CancelsOnceTheContentBudgetIsSpent()
    {
        // Writes do not extend the deadline: the whole content gets Timeout plus a second per 64 KiB (here: 0 bytes).
        var tracker = new SmtpStageTracker(TimeSpan.FromMilliseconds(300));
        using var watch = tracker.Start(CancellationToken.None, contentBytes: 0);
        Write(tracker, "DATA\r\n");
        tracker.LogServer(Encoding.ASCII.GetBytes("354 go\r\n"), 0, 8);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!watch.Token.IsCancellationRequested && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            Write(tracker, "a line of content\r\n");
            await Task.Delay(20);
        }

        Assert.True(watch.Token.IsCancellationRequested, "Content writes must not extend the deadline.");
        Assert.Equal(SmtpStage.Content, tracker.Stage);
    }

    [Theory]
    [InlineData(101, 10)]
    [InlineData(1, 70_000)]
    public void LogServer_ReplyOverTheBound_CancelsAndSaysSo(int lines, int lineLength)
    {
        var tracker = new SmtpStageTracker(TimeSpan.FromSeconds(30));
        using var watch = tracker.Start(CancellationToken.None);
        Write(tracker, "EHLO client\r\n");
        var line = Encoding.ASCII.GetBytes("250-" + new string('x', lineLength) + (lines > 1 ? "\r\n" : string.Empty));
        for (var i = 0; i < lines; i++)
        {
            tracker.LogServer(line, 0, line.Length);
        }

        Assert.True(tracker.ReplyTooLarge);
        Assert.True(watch.Token.IsCancellationRequested);
    }

    [Fact]
    public void LogServer_LongestAllowedReply_IsNotTooLarge()
    {
        var tracker = new SmtpStageTracker(TimeSpan.FromSeconds(30));
        using var watch = tracker.Start(CancellationToken.None);
        Write(tracker, "EHLO client\r\n");
        var line = Encoding.ASCII.GetBytes("250-" + new string('x', 500) + "\r\n");
        for (var i = 0; i < SmtpStageTracker.MaxReplyLines - 1; i++)
        {
            tracker.LogServer(line, 0, line.Length);
        }

        tracker.LogServer(Encoding.ASCII.GetBytes("250 end\r\n"), 0, 9);

        Assert.False(tracker.ReplyTooLarge);
        Assert.False(watch.Token.IsCancellationRequested);
        Assert.Equal(0, tracker.AwaitingReplies);
    }

    private static SmtpStageTracker InContent()
    {
        var tracker = new SmtpStageTracker();
        Write(tracker, "DATA\r\n");
        tracker.LogServer(Encoding.ASCII.GetBytes("354 go\r\n"), 0, 8);
        Assert.Equal(SmtpStage.Content, tracker.Stage);
        return tracker;
    }

    private static void Write(SmtpStageTracker tracker, string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        tracker.LogClient(bytes, 0, bytes.Length);
    }
}
