namespace BudapestPost.Infra.Tests.Arm;

/// <summary>A template language function call, e.g. <c>[resourceId('T', 'a', parameters('b'))]</c>.</summary>
public sealed record ArmExpression(string Function, IReadOnlyList<string> Arguments)
{
    /// <summary>
    /// Parses an expression that is one function call; arguments stay as source text. Returns null for
    /// anything else (a literal, or a call followed by a property access).
    /// </summary>
    public static ArmExpression? TryParseCall(string text)
    {
        var body = text.StartsWith('[') && text.EndsWith(']') ? text[1..^1] : text;
        var open = body.IndexOf('(');
        if (open <= 0 || !body.EndsWith(')') || !body[..open].All(char.IsLetterOrDigit))
        {
            return null;
        }

        var arguments = new List<string>();
        var depth = 0;
        var inString = false;
        var start = open + 1;
        for (var i = open + 1; i < body.Length - 1; i++)
        {
            var c = body[i];
            if (inString)
            {
                if (c == '\'' && i + 1 < body.Length && body[i + 1] == '\'') { i++; }
                else if (c == '\'') { inString = false; }
                continue;
            }
            switch (c)
            {
                case '\'': inString = true; break;
                case '(' or '[': depth++; break;
                case ')' or ']':
                    depth--;
                    if (depth < 0) { return null; }
                    break;
                case ',' when depth == 0:
                    arguments.Add(body[start..i].Trim());
                    start = i + 1;
                    break;
            }
        }
        if (depth != 0 || inString)
        {
            return null;
        }
        var last = body[start..^1].Trim();
        if (last.Length > 0 || arguments.Count > 0)
        {
            arguments.Add(last);
        }
        return new ArmExpression(body[..open], arguments);
    }

    /// <summary>The value of a string literal argument (<c>'it''s'</c> gives <c>it's</c>), or null.</summary>
    public static string? Literal(string argument) =>
        argument.Length >= 2 && argument[0] == '\'' && argument[^1] == '\''
            ? argument[1..^1].Replace("''", "'")
            : null;
}
