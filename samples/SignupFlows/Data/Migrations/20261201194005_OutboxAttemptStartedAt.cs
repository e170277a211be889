using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SignupFlows.Data.Migrations
{
    /// <inheritdoc />
    public partial class OutboxAttemptStartedAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "AttemptStartedAt",
                table: "EmailOutbox",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AttemptStartedAt",
                table: "EmailOutbox");
        }
    }
}
