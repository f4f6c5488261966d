using System.Globalization;
using System.Text;

namespace Parsimony;

/// <summary>User content inside messages: control characters escaped, long input cut, so a corrupt file cannot garble a terminal or flood it.</summary>
public static class Text
{
    /// <summary>The longest piece of quoted input a message shows.</summary>
    public const int QuoteLimit = 200;

    /// <summary><paramref name="input"/> safe to show inside a message: control characters as <c>\xNN</c>, cut at <see cref="QuoteLimit"/> characters.</summary>
    public static string Quote(string input)
    {
        var safe = Escape(input.Length > QuoteLimit * 2 ? input[..(QuoteLimit * 2)] : input);
        return safe.Length > QuoteLimit ? safe[..QuoteLimit] + $"… ({input.Length} characters)" : safe;
    }

    /// <summary>Every control character of <paramref name="text"/> (newlines included: a message is one paragraph) as <c>\xNN</c>.</summary>
    public static string Escape(string text)
    {
        if (!text.Any(char.IsControl)) return text;
        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
            if (char.IsControl(c)) sb.Append("\\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            else sb.Append(c);
        return sb.ToString();
    }
}
