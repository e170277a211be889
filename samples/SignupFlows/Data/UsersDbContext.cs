using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace SignupFlows.Data;

/// <summary>
/// ASP.NET Core Identity's tables (users, their tokens), the email outbox and the email suppression list in one SQLite
/// file, so that a user and the email about that user are committed together. The schema is in <c>Data/Migrations</c>.
/// </summary>
internal sealed class UsersDbContext(DbContextOptions<UsersDbContext> options) : IdentityDbContext<IdentityUser>(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.AddEmailOutbox();
        builder.AddEmailSuppressions();
    }
}
