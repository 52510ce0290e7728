namespace BudapestPost.Core.Related;

/// <summary>Maps terms and tag keys to dense ids so vectors and postings are int arrays.</summary>
internal sealed class TermDictionary
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<string> _terms = [];

    public int Count => _terms.Count;

    public string this[int id] => _terms[id];

    public int GetOrAdd(string term)
    {
        if (!_ids.TryGetValue(term, out var id))
        {
            id = _terms.Count;
            _ids.Add(term, id);
            _terms.Add(term);
        }
        return id;
    }
}
