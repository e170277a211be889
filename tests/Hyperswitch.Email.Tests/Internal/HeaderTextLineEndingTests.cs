using Hyperswitch.Email.Internal;

namespace Hyperswitch.Email.Tests.Internal;

/// <summary>Every line ending becomes CR LF before a body part is built, whichever kind the text used.</summary>
public sealed class HeaderTextLineEndingTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("no line break", "no line break")]
    [InlineData("a\nb\n\nc\n", "a\r\nb\r\n\r\nc\r\n")]
    [InlineData("\n", "\r\n")]
    [InlineData("a\r\nb", "a\r\nb")]
    [InlineData("a\rb\nc\r\n", "a\r\nb\r\nc\r\n")]
    [InlineData("a\n\rb", "a\r\n\r\nb")]
    [InlineData("a\r", "a\r\n")]
    public void WithCrLfLineEndings_TurnsEveryBareCrAndLfIntoCrLf(string text, string expected)
    {
        var converted = HeaderText.WithCrLfLineEndings(text);

        Assert.Equal(expected, converted);
        if (text.IndexOfAny(['\r', '\n']) < 0)
        {
            Assert.Same(text, converted);
        }
    }
}
