using System.Text;
using MailKit;

namespace Hyperswitch.Email.Smtp;

/// <summary>
/// Follows the SMTP dialogue through MailKit's protocol-logger hook: it knows the stage a failure happened at (above
/// all whether the final dot of DATA was written), and it bounds every reply in time and size. MailKit's own timeout
/// is per read, so a server that drips a byte a second would never time out; here each reply the client waits for
/// gets <see cref="Timeout"/> in total, from the command that asked for it to its last line, and a reply longer than
/// <see cref="MaxReplyLines"/> lines or <see cref="MaxReplyBytes"/> bytes ends the call. It keeps no bytes beyond
/// the first four of the current reply line: neither credentials nor message content nor server text are stored.
/// </summary>
internal sealed class SmtpStageTracker : IProtocolLogger
{
    /// <summary>The most lines one reply may have (an EHLO reply has about twenty).</summary>
    public const int MaxReplyLines = 100;

    /// <summary>The most bytes one reply may have (RFC 5321 allows 512 per line).</summary>
    public const int MaxReplyBytes = 64 * 1024;

    /// <summary>The slowest the message content may flow: its writes together get <see cref="Timeout"/> plus a second per this many bytes.</summary>
    public const int MinContentBytesPerSecond = 64 * 1024;

    private static ReadOnlySpan<byte> EndOfData => "\r\n.\r\n"u8;

    // The last bytes of message content written, to find the CRLF.CRLF terminator across writes; content starts at a line start.
    private readonly byte[] _tail = new byte[5];
    private int _tailLength;
    private bool _awaitingDataReply;

    // The first bytes of the reply line being read (code and separator), which a read may split anywhere.
    private readonly byte[] _lineHead = new byte[4];
    private int _lineHeadLength;
    private int _replyLines;
    private int _replyBytes;

    // The replies the client waits for, and the deadline of the MailKit call in progress.
    private int _pendingReplies;
    private CancellationTokenSource? _deadline;
    private long _contentBytes;

    /// <summary>Initializes a new instance of the <see cref="SmtpStageTracker"/> class.</summary>
    /// <param name="timeout">The longest a reply may take, from its command to its last line.</param>
    public SmtpStageTracker(TimeSpan timeout) => Timeout = timeout;

    /// <summary>Initializes a new instance of the <see cref="SmtpStageTracker"/> class that bounds no reply in time.</summary>
    public SmtpStageTracker()
        : this(System.Threading.Timeout.InfiniteTimeSpan)
    {
    }

    /// <summary>Gets the longest a reply may take, from its command to its last line.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Gets the current stage.</summary>
    public SmtpStage Stage { get; private set; } = SmtpStage.Greeting;

    /// <summary>Gets the code of the last reply line the server sent, or 0.</summary>
    public int LastReplyCode { get; private set; }

    /// <summary>Gets a value indicating whether a reply went over <see cref="MaxReplyLines"/> or <see cref="MaxReplyBytes"/>, which canceled the call.</summary>
    public bool ReplyTooLarge { get; private set; }

    /// <summary>Gets how many replies the client is waiting for.</summary>
    public int AwaitingReplies => _pendingReplies;

    /// <inheritdoc />
    public IAuthenticationSecretDetector? AuthenticationSecretDetector { get; set; }

    /// <summary>
    /// Starts bounding one MailKit call: the token it returns is canceled with <paramref name="cancellationToken"/>,
    /// when a reply takes longer than <see cref="Timeout"/>, when the content (of <paramref name="contentBytes"/>
    /// bytes at most) takes longer than its budget, and when a reply is too large. Dispose it when the call ends.
    /// </summary>
    public Watch Start(CancellationToken cancellationToken, long contentBytes = 0)
    {
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _deadline = deadline;
        _contentBytes = contentBytes;
        ReplyTooLarge = false;
        if (_pendingReplies > 0)
        {
            Arm(Timeout);
        }

        return new Watch(this, deadline);
    }

    /// <inheritdoc />
    public void LogConnect(Uri uri)
    {
        Stage = SmtpStage.Greeting;
        _pendingReplies = 1;
        Arm(Timeout);
    }

    /// <inheritdoc />
    public void LogClient(byte[] buffer, int offset, int count)
    {
        var written = buffer.AsSpan(offset, count);
        if (Stage == SmtpStage.Content)
        {
            TrackContent(written);
            return;
        }

        if (Stage == SmtpStage.EndOfData)
        {
            // Until the reply arrives, what is written is the last BDAT chunk's content, never a command.
            return;
        }

        // Commands: with PIPELINING several lines may come in one write; the last one is where the dialogue stands.
        // Each complete line (AUTH continuations included) is answered by one reply. After BDAT, the rest of the
        // write is message content, never a command.
        var commands = 0;
        foreach (var line in new LineEnumerator(written))
        {
            OnCommand(line);
            commands++;
            if (Stage is SmtpStage.Content or SmtpStage.EndOfData)
            {
                break;
            }
        }

        if (commands > 0)
        {
            if (_pendingReplies == 0)
            {
                ResetReply();
            }

            _pendingReplies += commands;
            Arm(Stage is SmtpStage.Content or SmtpStage.EndOfData ? ContentBudget() : Timeout);
        }
    }

    /// <inheritdoc />
    public void LogServer(byte[] buffer, int offset, int count)
    {
        var remaining = buffer.AsSpan(offset, count);
        while (!remaining.IsEmpty)
        {
            var end = remaining.IndexOf((byte)'\n');
            var part = end < 0 ? remaining : remaining[..end];
            var take = Math.Min(_lineHead.Length - _lineHeadLength, part.Length);
            part[..take].CopyTo(_lineHead.AsSpan(_lineHeadLength));
            _lineHeadLength += take;
            _replyBytes += end < 0 ? part.Length : part.Length + 1;
            if (end < 0)
            {
                break;
            }

            _replyLines++;
            OnReplyLine(_lineHead.AsSpan(0, _lineHeadLength));
            _lineHeadLength = 0;
            remaining = remaining[(end + 1)..];
        }

        if (_replyBytes > MaxReplyBytes || _replyLines > MaxReplyLines)
        {
            // The next read sees the canceled token before reading more: memory stays at what was read so far.
            ReplyTooLarge = true;
            _deadline?.Cancel();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private void OnReplyLine(ReadOnlySpan<byte> head)
    {
        if (head.Length < 3 || !char.IsAsciiDigit((char)head[0]) || !char.IsAsciiDigit((char)head[1]) || !char.IsAsciiDigit((char)head[2]))
        {
            return;
        }

        LastReplyCode = ((head[0] - '0') * 100) + ((head[1] - '0') * 10) + (head[2] - '0');
        var final = head.Length == 3 || head[3] != '-';
        if (!final)
        {
            return;
        }

        // A complete reply: the next one the client waits for (with PIPELINING) gets a timeout of its own.
        _pendingReplies = Math.Max(0, _pendingReplies - 1);
        ResetReply();
        Arm(_pendingReplies > 0 ? Timeout : System.Threading.Timeout.InfiniteTimeSpan);

        if (_awaitingDataReply && Stage == SmtpStage.Data && LastReplyCode == 354)
        {
            _awaitingDataReply = false;
            Stage = SmtpStage.Content;
            _tail.AsSpan().Clear();
            _tail[3] = (byte)'\r';
            _tail[4] = (byte)'\n';
            _tailLength = 5;
            Arm(ContentBudget());
        }
        else if (Stage == SmtpStage.EndOfData)
        {
            Stage = LastReplyCode is >= 200 and < 300 ? SmtpStage.Accepted : SmtpStage.Data;
        }
    }

    private void ResetReply()
    {
        _replyLines = 0;
        _replyBytes = 0;
    }

    /// <summary>The time the whole content may take: <see cref="Timeout"/>, plus a second per <see cref="MinContentBytesPerSecond"/>.</summary>
    private TimeSpan ContentBudget() => Timeout == System.Threading.Timeout.InfiniteTimeSpan
        ? Timeout
        : Timeout + TimeSpan.FromSeconds(Math.Min(_contentBytes, int.MaxValue) / (double)MinContentBytesPerSecond);

    private void Arm(TimeSpan delay)
    {
        var deadline = _deadline;
        if (deadline is null || deadline.IsCancellationRequested)
        {
            return;
        }

        try
        {
            deadline.CancelAfter(delay);
        }
        catch (ObjectDisposedException)
        {
            // The call ended as the timer fired.
        }
    }

    private void OnCommand(ReadOnlySpan<byte> line)
    {
        // The verb compared in place, ignoring case: a command costs no string. RSET, NOOP, QUIT and AUTH
        // continuation lines (base64) do not move the stage.
        var space = line.IndexOf((byte)' ');
        var verb = space < 0 ? line : line[..space];
        if (Ascii.EqualsIgnoreCase(verb, "MAIL"u8))
        {
            Stage = SmtpStage.MailFrom;
        }
        else if (Ascii.EqualsIgnoreCase(verb, "RCPT"u8))
        {
            Stage = SmtpStage.RcptTo;
        }
        else if (Ascii.EqualsIgnoreCase(verb, "DATA"u8))
        {
            Stage = SmtpStage.Data;
            _awaitingDataReply = true;
        }
        else if (Ascii.EqualsIgnoreCase(verb, "BDAT"u8))
        {
            // The server may act on the last chunk as soon as it has it: from here a lost connection is ambiguous.
            Stage = line.IndexOf("LAST"u8) >= 0 ? SmtpStage.EndOfData : SmtpStage.Content;
        }
        else if (Ascii.EqualsIgnoreCase(verb, "EHLO"u8) || Ascii.EqualsIgnoreCase(verb, "HELO"u8))
        {
            Stage = SmtpStage.Ehlo;
        }
        else if (Ascii.EqualsIgnoreCase(verb, "STARTTLS"u8))
        {
            Stage = SmtpStage.StartTls;
        }
        else if (Ascii.EqualsIgnoreCase(verb, "AUTH"u8))
        {
            Stage = SmtpStage.Authenticate;
        }
    }

    private void TrackContent(ReadOnlySpan<byte> written)
    {
        if (written.IsEmpty)
        {
            return;
        }

        // The terminator either lies inside this write, or straddles the end of the previous content and the start of
        // this one: search the write with IndexOf, and the seam through the kept tail, so a message costs one pass.
        Span<byte> seam = stackalloc byte[_tailLength + Math.Min(written.Length, 4)];
        _tail.AsSpan(5 - _tailLength).CopyTo(seam);
        written[..Math.Min(written.Length, 4)].CopyTo(seam[_tailLength..]);
        if (seam.IndexOf(EndOfData) >= 0 || written.IndexOf(EndOfData) >= 0)
        {
            Stage = SmtpStage.EndOfData;
            _pendingReplies = 1;
            ResetReply();
            Arm(Timeout);
            return;
        }

        // Keep the last five bytes written (from the old tail when this write is shorter than that).
        if (written.Length >= 5)
        {
            written[^5..].CopyTo(_tail);
        }
        else
        {
            _tail.AsSpan(written.Length).CopyTo(_tail);
            written.CopyTo(_tail.AsSpan(5 - written.Length));
        }

        _tailLength = Math.Min(_tailLength + written.Length, 5);
    }

    /// <summary>Bounds one MailKit call; disposing it ends the bound.</summary>
    public sealed class Watch(SmtpStageTracker tracker, CancellationTokenSource deadline) : IDisposable
    {
        /// <summary>Gets the token to give MailKit.</summary>
        public CancellationToken Token => deadline.Token;

        public void Dispose()
        {
            if (ReferenceEquals(tracker._deadline, deadline))
            {
                tracker._deadline = null;
            }

            deadline.Dispose();
        }
    }

    /// <summary>Splits bytes into complete lines without allocating; a line excludes its CRLF.</summary>
    private ref struct LineEnumerator(ReadOnlySpan<byte> remaining)
    {
        private ReadOnlySpan<byte> _remaining = remaining;

        public ReadOnlySpan<byte> Current { get; private set; }

        public readonly LineEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            if (_remaining.IsEmpty)
            {
                return false;
            }

            var end = _remaining.IndexOf((byte)'\n');
            if (end < 0)
            {
                // Commands always end with CRLF: a write without one holds no complete command.
                return false;
            }

            Current = _remaining[..end].TrimEnd((byte)'\r');
            _remaining = _remaining[(end + 1)..];
            return true;
        }
    }
}
