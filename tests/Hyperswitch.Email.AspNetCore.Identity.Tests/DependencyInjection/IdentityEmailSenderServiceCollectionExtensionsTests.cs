using Hyperswitch.Email.Smtp;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Hyperswitch.Email.AspNetCore.Identity.Tests.DependencyInjection;

public sealed class IdentityEmailSenderServiceCollectionExtensionsTests
{
    private const string SenderTypeName = "Hyperswitch.Email.AspNetCore.Identity.Internal.IdentityEmailSender`1";

    [Fact]
    public void AddIdentityEmailSender_CalledTwice_RegistersOnce()
    {
        var services = new ServiceCollection().AddIdentityEmailSender<IdentityUser>().AddIdentityEmailSender<IdentityUser>();

        var descriptor = Assert.Single(services, d => d.ServiceType == typeof(IEmailSender<IdentityUser>));
        Assert.Equal(SenderTypeName, descriptor.ImplementationType?.GetGenericTypeDefinition().FullName);
    }

    [Fact]
    public void AddIdentityEmailSender_AfterAddIdentityApiEndpoints_WinsOverItsSenderThatSendsNothing()
    {
        var services = Base();
        services.AddIdentityApiEndpoints<IdentityUser>();
        using (var identityOnly = services.BuildServiceProvider())
        {
            Assert.NotEqual(SenderTypeName, identityOnly.GetRequiredService<IEmailSender<IdentityUser>>().GetType().GetGenericTypeDefinition().FullName);
        }

        services.AddIdentityEmailSender<IdentityUser>();

        using var provider = services.BuildServiceProvider();
        Assert.Equal(SenderTypeName, provider.GetRequiredService<IEmailSender<IdentityUser>>().GetType().GetGenericTypeDefinition().FullName);
    }

    [Fact]
    public void AddIdentityEmailSender_OwnSenderRegisteredBefore_IsKept()
    {
        var services = Base();
        services.AddTransient<IEmailSender<IdentityUser>, OwnSender>();

        services.AddIdentityEmailSender<IdentityUser>();

        using var provider = services.BuildServiceProvider();
        Assert.IsType<OwnSender>(provider.GetRequiredService<IEmailSender<IdentityUser>>());
    }

    [Fact]
    public void AddIdentityEmailSender_BeforeAddIdentityApiEndpoints_IsKept()
    {
        var services = Base().AddIdentityEmailSender<IdentityUser>();

        services.AddIdentityApiEndpoints<IdentityUser>();

        using var provider = services.BuildServiceProvider();
        Assert.Equal(SenderTypeName, provider.GetRequiredService<IEmailSender<IdentityUser>>().GetType().GetGenericTypeDefinition().FullName);
    }

    [Fact]
    public void AddIdentityEmailSender_NullServices_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => IdentityEmailSenderServiceCollectionExtensions.AddIdentityEmailSender<IdentityUser>(null!));
    }

    private sealed class OwnSender : IEmailSender<IdentityUser>
    {
        public Task SendConfirmationLinkAsync(IdentityUser user, string email, string confirmationLink) => Task.CompletedTask;

        public Task SendPasswordResetLinkAsync(IdentityUser user, string email, string resetLink) => Task.CompletedTask;

        public Task SendPasswordResetCodeAsync(IdentityUser user, string email, string resetCode) => Task.CompletedTask;
    }

    private static ServiceCollection Base()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddEmail(options => options.SenderEmail = "no-reply@shop.example").AddSmtp(smtp =>
        {
            smtp.Host = "127.0.0.1";
            smtp.Connection = SmtpConnectionMode.Plaintext;
        });
        return services;
    }
}
