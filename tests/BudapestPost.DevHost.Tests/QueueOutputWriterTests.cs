using BudapestPost.DevHost.Queues;
using BudapestPost.DevHost.Rpc;

namespace BudapestPost.DevHost.Tests;

public sealed class QueueOutputWriterTests
{
    [Fact]
    public void Messages_String_OneMessage()
    {
        Assert.Equal(["hello"], Texts(new TypedData { String = "hello" }));
    }

    [Fact]
    public void Messages_JsonArray_OneMessagePerItem()
    {
        Assert.Equal(["a", """{"b":1}""", "2"], Texts(new TypedData { Json = """["a",{"b":1},2]""" }));
    }

    [Fact]
    public void Messages_JsonObject_OneMessageWithItsJson()
    {
        Assert.Equal(["""{"slug":"x"}"""], Texts(new TypedData { Json = """{"slug":"x"}""" }));
    }

    [Fact]
    public void Messages_CollectionString_OneMessagePerString()
    {
        var value = new TypedData { CollectionString = new CollectionString() };
        value.CollectionString.String.AddRange(["one", "two"]);

        Assert.Equal(["one", "two"], Texts(value));
    }

    [Fact]
    public void Messages_NullOrUnset_NoMessage()
    {
        Assert.Empty(Texts(new TypedData { Json = "null" }));
        Assert.Empty(Texts(null));
    }

    private static List<string> Texts(TypedData? value) => QueueOutputWriter.Messages(value).Select(message => message.ToString()).ToList();
}
