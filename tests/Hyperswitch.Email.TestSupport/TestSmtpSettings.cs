using System.Globalization;

namespace Hyperswitch.Email.TestSupport;

/// <summary>The <c>Email</c> configuration of the library pointed at a loopback test server, as an application would write it.</summary>
public static class TestSmtpSettings
{
    /// <summary>Settings for a plaintext smtp4dev (or any loopback server) on <paramref name="port"/>.</summary>
    public static Dictionary<string, string?> Plaintext(int port, int timeoutSeconds = 10) => new()
    {
        ["Email:SenderEmail"] = "no-reply@shop.example",
        ["Email:SenderName"] = "Shop",
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = port.ToString(CultureInfo.InvariantCulture),
        ["Email:Smtp:Timeout"] = timeoutSeconds.ToString(CultureInfo.InvariantCulture),
        ["Email:Smtp:Connection"] = "plaintext",
    };

    /// <summary>Settings for STARTTLS against smtp4dev's certificate for <c>localhost</c>.</summary>
    public static Dictionary<string, string?> StartTls(int port) => new()
    {
        ["Email:SenderEmail"] = "no-reply@shop.example",
        ["Email:Smtp:Host"] = "localhost",
        ["Email:Smtp:Port"] = port.ToString(CultureInfo.InvariantCulture),
        ["Email:Smtp:Connection"] = "starttls",
    };
}
