using System.Globalization;
using Amazon.DynamoDBv2.Model;
using static CryptoTracker.DynamoDb.ItemAttributes;

namespace CryptoTracker.DynamoDb;

/// <summary>
/// The summary snapshot lives in two slots (sort keys <c>{slot}#{part}</c>), each part carrying the snapshot's stamp and
/// part count. A commit overwrites the older slot in place; a reader takes the slot with the newest stamp whose parts are
/// all present with that stamp, so a half-written snapshot is never served and nothing has to be deleted.
/// </summary>
internal sealed class SummarySlots
{
    private readonly int[] _parts = new int[2];
    private int _current = -1;

    public long LastStamp { get; private set; }

    public sealed record Snapshot(int Slot, long Stamp, IReadOnlyList<byte[]> Parts);

    public static string PartKey(int slot, int part) => $"{slot.ToString(CultureInfo.InvariantCulture)}#{part.ToString("D4", CultureInfo.InvariantCulture)}";

    /// <summary>What a restarted writer learns from the status item: the slot served, its stamp, each slot's parts.</summary>
    public static SummarySlots From(Dictionary<string, AttributeValue>? status)
    {
        var slots = new SummarySlots();
        if (status is null) return slots;
        slots._current = (int)(ReadOptionalLong(status, "slot") ?? -1);
        slots.LastStamp = ReadOptionalLong(status, "stamp") ?? 0;
        slots._parts[0] = (int)(ReadOptionalLong(status, "parts0") ?? 0);
        slots._parts[1] = (int)(ReadOptionalLong(status, "parts1") ?? 0);
        return slots;
    }

    /// <summary>The status attributes once <paramref name="snapshot"/> is stored and its slot's extra parts removed.</summary>
    public Dictionary<string, AttributeValue> After(Snapshot snapshot) => new()
    {
        ["slot"] = N(snapshot.Slot),
        ["stamp"] = N(snapshot.Stamp),
        ["parts0"] = N(snapshot.Slot == 0 ? snapshot.Parts.Count : _parts[0]),
        ["parts1"] = N(snapshot.Slot == 1 ? snapshot.Parts.Count : _parts[1]),
    };

    /// <summary>The next snapshot goes to the slot not being served.</summary>
    public Snapshot Next(long stamp, IReadOnlyList<byte[]> parts)
    {
        var slot = _current == 0 ? 1 : 0;
        _parts[slot] = Math.Max(_parts[slot], parts.Count); // until the status batch removes the extra parts
        return new Snapshot(slot, stamp, parts);
    }

    /// <summary>Parts of an earlier, longer snapshot in the slot just written.</summary>
    public IEnumerable<string> StaleParts(Snapshot snapshot) =>
        Enumerable.Range(snapshot.Parts.Count, Math.Max(0, _parts[snapshot.Slot] - snapshot.Parts.Count)).Select(i => PartKey(snapshot.Slot, i));

    public void Written(Snapshot snapshot)
    {
        _parts[snapshot.Slot] = snapshot.Parts.Count;
        _current = snapshot.Slot;
        LastStamp = snapshot.Stamp;
    }

    /// <summary>The parts of the newest complete snapshot, in order; null when there is none.</summary>
    public static List<byte[]>? Current(IReadOnlyList<Dictionary<string, AttributeValue>> items)
    {
        List<Dictionary<string, AttributeValue>>? best = null;
        for (var slot = 0; slot < 2; slot++)
        {
            if (CompleteParts(items, slot) is not [var first, ..] parts) continue;
            if (best is null || ReadLong(first["stamp"]) > ReadLong(best[0]["stamp"])) best = parts;
        }
        return best?.Select(i => ReadBytes(i[Body])).ToList();
    }

    private static List<Dictionary<string, AttributeValue>>? CompleteParts(IReadOnlyList<Dictionary<string, AttributeValue>> items, int slot)
    {
        var inSlot = items.Where(i => Parse(i[Sk].S).Slot == slot).ToList();
        if (inSlot.Count == 0) return null;
        var stamp = inSlot.Max(i => ReadLong(i["stamp"]));
        var parts = inSlot.Where(i => ReadLong(i["stamp"]) == stamp).OrderBy(i => Parse(i[Sk].S).Part).ToList();
        var expected = ReadInt(parts[0]["parts"]);
        if (parts.Count != expected || parts.Select((p, i) => Parse(p[Sk].S).Part == i).Any(ok => !ok)) return null;
        return parts;
    }

    private static (int Slot, int Part) Parse(string sk) =>
        (sk[0] - '0', int.Parse(sk.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture));
}
