using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace SignupFlows.Data;

/// <summary>ASP.NET Core Identity's tables (users, their tokens) in a SQLite file.</summary>
internal sealed class UsersDbContext(DbContextOptions<UsersDbContext> options) : IdentityDbContext<IdentityUser>(options);
