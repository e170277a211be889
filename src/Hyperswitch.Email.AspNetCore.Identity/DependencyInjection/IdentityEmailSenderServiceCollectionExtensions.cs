using Hyperswitch.Email;
using Hyperswitch.Email.AspNetCore.Identity;
using Hyperswitch.Email.AspNetCore.Identity.Internal;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Extension methods for sending ASP.NET Core Identity's emails with Hyperswitch.Email.</summary>
public static class IdentityEmailSenderServiceCollectionExtensions
{
    /// <summary>
    /// Registers an <see cref="IEmailSender{TUser}"/> that sends Identity's confirmation link, password reset link and
    /// password reset code emails through <see cref="IEmailClient"/>, as HTML with a plain-text alternative, rendered from
    /// localized Razor templates (see <see cref="IdentityEmailTemplateOptions"/>) under the current UI culture.
    /// </summary>
    /// <typeparam name="TUser">The type of the Identity user, for example <c>IdentityUser</c>.</typeparam>
    /// <param name="services">The <see cref="IServiceCollection"/> to add services to.</param>
    /// <returns>The <see cref="IServiceCollection"/> so that additional calls can be chained.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    /// <remarks>
    /// <para>
    /// Register <see cref="IEmailClient"/> too, for example with <c>services.AddSmtpEmail(configuration)</c>.
    /// Values inserted into the emails are HTML-encoded once: links that Identity's endpoints pass already encoded are not
    /// encoded twice. A link that is not an absolute http or https URL is refused with an <see cref="ArgumentException"/>.
    /// Sending errors (<see cref="EmailSendException"/> and the others) reach the caller unchanged.
    /// </para>
    /// <para>
    /// The sender takes precedence over the one <c>AddIdentityApiEndpoints</c> registers (an open generic that sends
    /// nothing), whichever is called first. An <see cref="IEmailSender{TUser}"/> of your own registered before is kept.
    /// Calling this method more than once registers the sender once.
    /// </para>
    /// </remarks>
    public static IServiceCollection AddIdentityEmailSender<TUser>(this IServiceCollection services)
        where TUser : class
    {
        ArgumentNullException.ThrowIfNull(services);

        // Identity registers its default as the open generic IEmailSender<>: a closed registration wins over it.
        services.TryAddTransient<IEmailSender<TUser>, IdentityEmailSender<TUser>>();
        services.AddEmailTemplates();
        services.AddOptions<IdentityEmailTemplateOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IdentityEmailTemplateOptions>, IdentityEmailTemplateOptionsValidator>());
        return services;
    }

    /// <summary>
    /// Registers the <see cref="IEmailSender{TUser}"/> of <see cref="AddIdentityEmailSender{TUser}(IServiceCollection)"/>,
    /// with some of its templates replaced by the application's.
    /// </summary>
    /// <typeparam name="TUser">The type of the Identity user, for example <c>IdentityUser</c>.</typeparam>
    /// <param name="services">The <see cref="IServiceCollection"/> to add services to.</param>
    /// <param name="configure">Replaces templates, for example <c>templates =&gt; templates.ConfirmationLink = typeof(MyConfirmEmail)</c>.</param>
    /// <returns>The <see cref="IServiceCollection"/> so that additional calls can be chained.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    /// <remarks>A template that does not render the sender's model (<see cref="IdentityEmailLink"/> or <see cref="IdentityEmailCode"/>) fails at startup.</remarks>
    public static IServiceCollection AddIdentityEmailSender<TUser>(this IServiceCollection services, Action<IdentityEmailTemplateOptions> configure)
        where TUser : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddIdentityEmailSender<TUser>();
        services.Configure(configure);
        return services;
    }
}
