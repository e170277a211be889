using System.Text;
using MailKit;

namespace Hyperswitch.Email.Smtp;

/// <summary>
/// Follows the SMTP dialogue through MailKit's protocol-logger hook to know the stage a failure happened at, above all
/// whether the final dot of DATA was written. It keeps no bytes: neither credentials nor message content are stored.
/// </summary>
internal sealed class SmtpStageTracker : IProtocolLogger
{
    private static ReadOnlySpan<byte> EndOfData => "\r\n.\r\n"u8;

    // The last bytes of message content written, to find the CRLF.CRLF terminator across writes; content starts at a line start.
    private readonly byte[] _tail = new byte[5];
    private int _tailLength;
    private bool _awaitingDataReply;

    /// <summary>Gets the current stage.</summary>
    public SmtpStage Stage { get; private set; } = SmtpStage.Greeting;

    /// <summary>Gets the code of the last reply line the server sent, or 0.</summary>
    public int LastReplyCode { get; private set; }

    /// <inheritdoc />
    public IAuthenticationSecretDetector? AuthenticationSecretDetector { get; set; }

    /// <inheritdoc />
    public void LogConnect(Uri uri) => Stage = SmtpStage.Greeting;

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
        foreach (var line in new LineEnumerator(written))
        {
            OnCommand(line);
        }
    }

    /// <inheritdoc />
    public void LogServer(byte[] buffer, int offset, int count)
    {
        foreach (var line in new LineEnumerator(buffer.AsSpan(offset, count)))
        {
            if (line.Length < 3 || !char.IsAsciiDigit((char)line[0]) || !char.IsAsciiDigit((char)line[1]) || !char.IsAsciiDigit((char)line[2]))
            {
                continue;
            }

            LastReplyCode = ((line[0] - '0') * 100) + ((line[1] - '0') * 10) + (line[2] - '0');
            var final = line.Length == 3 || line[3] == ' ';
            if (!final)
            {
                continue;
            }

            if (_awaitingDataReply && Stage == SmtpStage.Data && LastReplyCode == 354)
            {
                _awaitingDataReply = false;
                Stage = SmtpStage.Content;
                _tail.AsSpan().Clear();
                _tail[3] = (byte)'\r';
                _tail[4] = (byte)'\n';
                _tailLength = 5;
            }
            else if (Stage == SmtpStage.EndOfData)
            {
                Stage = LastReplyCode is >= 200 and < 300 ? SmtpStage.Accepted : SmtpStage.Data;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private void OnCommand(ReadOnlySpan<byte> line)
    {
        var space = line.IndexOf((byte)' ');
        var verb = Encoding.ASCII.GetString(space < 0 ? line : line[..space]).ToUpperInvariant();
        switch (verb)
        {
            case "EHLO" or "HELO":
                Stage = SmtpStage.Ehlo;
                break;
            case "STARTTLS":
                Stage = SmtpStage.StartTls;
                break;
            case "AUTH":
                Stage = SmtpStage.Authenticate;
                break;
            case "MAIL":
                Stage = SmtpStage.MailFrom;
                break;
            case "RCPT":
                Stage = SmtpStage.RcptTo;
                break;
            case "DATA":
                Stage = SmtpStage.Data;
                _awaitingDataReply = true;
                break;
            case "BDAT":
                // The server may act on the last chunk as soon as it has it: from here a lost connection is ambiguous.
                Stage = line.IndexOf("LAST"u8) >= 0 ? SmtpStage.EndOfData : SmtpStage.Content;
                break;
            default:
                // RSET, NOOP, QUIT and AUTH continuation lines (base64) do not move the stage.
                break;
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

    /// <summary>Splits bytes into lines without allocating; a line excludes its CRLF.</summary>
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
            var line = end < 0 ? _remaining : _remaining[..end];
            _remaining = end < 0 ? [] : _remaining[(end + 1)..];
            Current = line.TrimEnd((byte)'\r');
            return true;
        }
    }
}
