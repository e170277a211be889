using System.Text;
using BenchmarkDotNet.Attributes;
using Hyperswitch.Email.Benchmarks;
using Hyperswitch.Email.Internal;
using Hyperswitch.Email.Smtp;
using MimeKit;

namespace Hyperswitch.Email.MicroBenchmarks;

/// <summary>
/// The checks the library makes around MailKit on every send: the stage tracker (a MailKit protocol logger that
/// follows the dialogue, content included, in the 4 KB writes MailKit makes, to know whether the final dot was
/// written), and the size measurement made when the server advertises <c>SIZE</c>.
/// </summary>
[MemoryDiagnoser]
public class PerSendChecksBenchmarks
{
    private static readonly byte[] Commands = Encoding.ASCII.GetBytes("MAIL FROM:<noreply@bench.example.com>\r\nRCPT TO:<jane.doe@example.com>\r\nDATA\r\n");
    private static readonly byte[] Replies = Encoding.ASCII.GetBytes("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n");
    private static readonly byte[] Accepted = Encoding.ASCII.GetBytes("250 2.0.0 Ok: queued\r\n");
    private byte[] _content = [];
    private MimeMessage _message = null!;

    [GlobalSetup]
    public void Setup()
    {
        _message = SampleEmail.BuildWithMimeKit();
        _message.Prepare(EncodingConstraint.EightBit);
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        using var stream = new MemoryStream();
        _message.WriteTo(format, stream);
        stream.Write("\r\n.\r\n"u8);
        _content = stream.ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _message.Dispose();

    [Benchmark(Baseline = true, Description = "reference: find CRLF.CRLF in the message's bytes with IndexOf")]
    public int IndexOfEndOfData() => _content.AsSpan().IndexOf("\r\n.\r\n"u8);

    [Benchmark(Description = "stage tracker: one message's dialogue, content in 4 KB writes")]
    public int TrackOneMessage()
    {
        var tracker = new SmtpStageTracker();
        tracker.LogClient(Commands, 0, Commands.Length);
        tracker.LogServer(Replies, 0, Replies.Length);
        for (var offset = 0; offset < _content.Length; offset += 4096)
        {
            tracker.LogClient(_content, offset, Math.Min(4096, _content.Length - offset));
        }

        tracker.LogServer(Accepted, 0, Accepted.Length);
        return tracker.Stage == SmtpStage.Accepted ? (int)tracker.Stage : throw new InvalidOperationException($"The tracker ended at {tracker.Stage}.");
    }

    [Benchmark(Description = "SIZE check: measure the prepared message (MessageSize.Measure)")]
    public long MeasureSize() => MessageSize.Measure(_message);
}
