using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace Hyperswitch.Email.Suppressions.AspNetCore.Tests;

public sealed class UnsubscribeUrlTests
{
    [Theory]
    [InlineData("https://shop.example/", "/email/unsubscribe", "https://shop.example/email/unsubscribe?token=")]
    [InlineData("https://shop.example/app/", "/email/unsubscribe", "https://shop.example/app/email/unsubscribe?token=")]
    [InlineData("https://shop.example/app", "/email/unsubscribe", "https://shop.example/app/email/unsubscribe?token=")]
    [InlineData("https://shop.example/app/", "/mail/off", "https://shop.example/app/mail/off?token=")]
    public void CreateUrl_BaseUrlWithAPath_KeepsThatPath(string baseUrl, string path, string expectedStart)
    {
        var services = new ServiceCollection();
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddEmailUnsubscribe(options =>
        {
            options.BaseUrl = new Uri(baseUrl);
            options.Path = path;
        });
        using var provider = services.BuildServiceProvider();

        var url = provider.GetRequiredService<IEmailUnsubscribeLinks>().CreateUrl("reader@example.com", "newsletter");

        Assert.StartsWith(expectedStart, url.AbsoluteUri, StringComparison.Ordinal);
    }
}
