using System.Text;
using LearningRate.Checkpoints;

namespace LearningRate.Tests.Checkpoints;

/// <summary>The reader at its exact limits: a field that fills what is left is read; one byte more is Malformed.</summary>
public class CheckpointReaderTests
{
    [Fact]
    public void AStringFillingTheRest_AndAnEmptyString_AreRead()
    {
        var writer = new CheckpointWriter();
        writer.WriteString(string.Empty);
        writer.WriteString("último");
        var reader = new CheckpointReader(writer.Written);

        reader.ReadString("first").Should().BeEmpty();
        reader.ReadString("second").Should().Be("último");
        reader.Remaining.Should().Be(0);
    }

    [Fact]
    public void AStringOneByteLongerThanTheRest_IsMalformed_NamingIt()
    {
        var bytes = Encode(w => w.WriteString("abc"))[..^1];

        var message = Fails(bytes, (ref CheckpointReader r) => r.ReadString("the name"));

        message.Should().Be("the name is 3, more than the 2 bytes left can hold.");
    }

    [Fact]
    public void InvalidUtf8_IsMalformed_NamingTheField()
    {
        var bytes = Encode(w => w.WriteInt32(2)).Concat(new byte[] { 0xC3, 0x28 }).ToArray();

        var message = Fails(bytes, (ref CheckpointReader r) => r.ReadString("the name"));

        message.Should().Be("the name is not valid UTF-8.");
    }

    [Fact]
    public void ACount_IsCheckedAgainstTheMinimumSizeOfItsItems()
    {
        var exact = Encode(w => w.WriteInt32(3)).Concat(new byte[12]).ToArray();
        var reader = new CheckpointReader(exact);
        reader.ReadCount("the items", 4).Should().Be(3, "3 items of at least 4 bytes fit in 12");

        var message = Fails(exact[..^1], (ref CheckpointReader r) => r.ReadCount("the items", 4));
        message.Should().Be("the items is 3, more than the 11 bytes left can hold.");
        Fails(Encode(w => w.WriteInt32(-1)), (ref CheckpointReader r) => r.ReadCount("the items", 1)).Should().StartWith("the items is -1");
    }

    [Fact]
    public void Elements_FillingTheRest_AreRead_AndOneMore_NamesTheBytesNeeded()
    {
        var bytes = Encode(w => w.WriteElements<double>([1.5, -2]));
        var reader = new CheckpointReader(bytes);
        reader.ReadElements<double>(2, "the values").Should().Equal(1.5, -2);

        Fails(bytes[..^1], (ref CheckpointReader r) => r.ReadElements<double>(2, "the values")).Should().Be("the values needs 16 bytes; 15 are left.");
        Fails(bytes, (ref CheckpointReader r) => r.ReadElements<float>(5, "the values")).Should().Be("the values needs 20 bytes; 16 are left.");
    }

    [Fact]
    public void AFixedSizeField_PastTheEnd_NamesItself()
    {
        Fails([1, 2, 3], (ref CheckpointReader r) => r.ReadInt32("the count")).Should().Be("The checkpoint ends inside the count: 4 bytes needed, 3 left.");
        Fails([], (ref CheckpointReader r) => r.ReadByte("the flag")).Should().Be("The checkpoint ends inside the flag: 1 bytes needed, 0 left.");
        Fails([2], (ref CheckpointReader r) => r.ReadBool("the flag")).Should().Be("the flag is 2; expected 0 or 1.");
    }

    [Fact]
    public void ExpectEnd_NamesWhatWasLeftUnread()
    {
        Fails([1, 2], (ref CheckpointReader r) =>
        {
            r.ReadByte("one");
            r.ExpectEnd("The notes");
            return r.Remaining;
        }).Should().Be("The notes has 1 unread bytes at its end.");

        var reader = new CheckpointReader([1, 2]);
        reader.ReadByte("one");
        reader.ReadByte("two");
        reader.ExpectEnd("The notes");
    }

    private delegate object Read(ref CheckpointReader reader);

    private static byte[] Encode(Action<CheckpointWriter> write)
    {
        var writer = new CheckpointWriter();
        write(writer);
        return writer.Written.ToArray();
    }

    private static string Fails(byte[] bytes, Read read)
    {
        try
        {
            var reader = new CheckpointReader(bytes);
            read(ref reader);
        }
        catch (CheckpointException e)
        {
            e.Error.Should().Be(CheckpointError.Malformed);
            return e.Message;
        }

        throw new InvalidOperationException("The read succeeded: " + Encoding.ASCII.GetString(bytes));
    }
}
