using Hyperswitch.Email;
using Hyperswitch.Email.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.EntityFrameworkCore;

/// <summary>Extension methods for queuing email in a <see cref="DbContext"/>.</summary>
public static class EmailOutboxDbContextExtensions
{
    /// <summary>
    /// Builds <paramref name="message"/> and adds it to the context's email outbox without saving: the next
    /// <c>SaveChangesAsync</c> commits it together with the other changes, in one transaction.
    /// </summary>
    /// <param name="context">A context registered with <c>AddDbContext</c> in an application that called <c>AddEmailOutbox</c>.</param>
    /// <param name="message">The message.</param>
    /// <returns>The outbox row, not saved yet.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The context was not made by the application's service provider, <c>AddEmailOutbox</c> was not called, or the model has no outbox.</exception>
    /// <exception cref="EmailParseException">An address in the message is not a valid email address. Nothing was queued.</exception>
    /// <exception cref="EmailBuildException">The message cannot be built. Nothing was queued.</exception>
    public static EmailOutboxMessage AddEmail(this DbContext context, EmailMessage message)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(message);
        var services = context.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider;
        var outbox = services?.GetService<IEmailOutbox>()
            ?? throw new InvalidOperationException(
                $"No email outbox is registered for {context.GetType().Name}: call services.AddEmailOutbox<{context.GetType().Name}>() and register the context with AddDbContext, or use IEmailOutbox.Add.");
        return outbox.Add(context, message);
    }
}
