using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SignupFlows.Data.Migrations
{
    /// <inheritdoc />
    public partial class OutboxProviderNeutralError : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "LastSmtpStatusCode",
                table: "EmailOutbox",
                newName: "LastStatusCode");

            migrationBuilder.AddColumn<string>(
                name: "LastErrorCode",
                table: "EmailOutbox",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastErrorProvider",
                table: "EmailOutbox",
                type: "TEXT",
                maxLength: 100,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LastErrorCode",
                table: "EmailOutbox");

            migrationBuilder.DropColumn(
                name: "LastErrorProvider",
                table: "EmailOutbox");

            migrationBuilder.RenameColumn(
                name: "LastStatusCode",
                table: "EmailOutbox",
                newName: "LastSmtpStatusCode");
        }
    }
}
