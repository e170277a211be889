using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Hyperswitch.Email.Smtp;

namespace Hyperswitch.Email.Tests;

public sealed class SecretStringTests
{
    private const string Password = "s3cret-Pa55";

    [Fact]
    public void ToString_NeverShowsTheValue()
    {
        var secret = new SecretString(Password);

        Assert.Equal("***", secret.ToString());
        Assert.Equal("***", $"{secret}");
        Assert.Equal(Password, secret.Expose());
    }

    [Fact]
    public void DebuggerDisplay_IsMasked()
    {
        var attribute = typeof(SecretString).GetCustomAttribute<DebuggerDisplayAttribute>();

        Assert.Equal("***", attribute!.Value);
    }

    [Fact]
    public void JsonSerialization_OfSmtpOptions_MasksSecrets()
    {
        var options = new SmtpOptions { Host = "smtp.example.com", Username = new SecretString("mailer"), Password = new SecretString(Password) };

        var json = JsonSerializer.Serialize(options);

        Assert.DoesNotContain(Password, json, StringComparison.Ordinal);
        Assert.DoesNotContain("mailer", json, StringComparison.Ordinal);
        Assert.Contains("\"Password\":\"***\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void SmtpOptionsToString_DescribesServerWithoutCredentials()
    {
        var options = new SmtpOptions { Host = "smtp.example.com", Username = new SecretString("mailer"), Password = new SecretString(Password) };

        Assert.Equal("smtp.example.com:587 (StartTls, authenticated)", options.ToString());
    }

    [Fact]
    public void TypeConverter_ToString_IsMasked()
    {
        var converter = System.ComponentModel.TypeDescriptor.GetConverter(typeof(SecretString));

        Assert.Equal("***", converter.ConvertToInvariantString(new SecretString(Password)));
    }
}
