using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SignupFlows.Data.Migrations
{
    /// <inheritdoc />
    public partial class OutboxScheduledAndIdempotent : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "IdempotencyKey",
                table: "EmailOutbox",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_EmailOutbox_IdempotencyKey",
                table: "EmailOutbox",
                column: "IdempotencyKey",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_EmailOutbox_IdempotencyKey",
                table: "EmailOutbox");

            migrationBuilder.DropColumn(
                name: "IdempotencyKey",
                table: "EmailOutbox");
        }
    }
}
