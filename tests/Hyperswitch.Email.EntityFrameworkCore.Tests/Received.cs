using System.Text.RegularExpressions;

namespace Hyperswitch.Email.EntityFrameworkCore.Tests;

/// <summary>Reads the Message-IDs of what a sink received.</summary>
public static partial class Received
{
    /// <summary>The Message-ID (without angle brackets) of each message the scripted server kept, in arrival order.</summary>
    public static List<string> MessageIds(ScriptedSmtpServer server) =>
        server.Messages.Select(m => MessageId(m.Content)).ToList();

    /// <summary>The Message-ID of each message in smtp4dev.</summary>
    public static async Task<List<string>> MessageIdsAsync(Smtp4dev sink)
    {
        var ids = new List<string>();
        foreach (var summary in await sink.MessagesAsync())
        {
            ids.Add(MessageId(await sink.RawAsync(summary.Id)));
        }

        return ids;
    }

    public static string MessageId(string mime)
    {
        var header = mime.Split("\r\n\r\n", 2)[0];
        var match = MessageIdHeader().Match(header);
        return match.Success ? match.Groups[1].Value : throw new InvalidOperationException("The message has no Message-ID header.");
    }

    [GeneratedRegex(@"^Message-ID:\s*<([^>]+)>", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex MessageIdHeader();
}
