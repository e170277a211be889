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
