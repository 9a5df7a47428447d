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

    /// <summary>What a restarted writer finds in the table (sort keys, stamps and part counts only).</summary>
    public static SummarySlots From(IReadOnlyList<Dictionary<string, AttributeValue>> items)
    {
        var slots = new SummarySlots();
        foreach (var item in items)
        {
            var (slot, part) = Parse(item[Sk].S);
            slots._parts[slot] = Math.Max(slots._parts[slot], part + 1);
            slots.LastStamp = Math.Max(slots.LastStamp, ReadLong(item["stamp"]));
        }
        slots._current = CurrentSlot(items) ?? -1;
        return slots;
    }

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
    public static List<byte[]>? Current(IReadOnlyList<Dictionary<string, AttributeValue>> items) =>
        CurrentSlot(items) is { } slot
            ? [.. CompleteParts(items, slot)!.Select(i => ReadBytes(i[Body]))]
            : null;

    private static int? CurrentSlot(IReadOnlyList<Dictionary<string, AttributeValue>> items)
    {
        int? best = null;
        long bestStamp = long.MinValue;
        for (var slot = 0; slot < 2; slot++)
        {
            if (CompleteParts(items, slot) is not [var first, ..]) continue;
            var stamp = ReadLong(first["stamp"]);
            if (stamp > bestStamp) (best, bestStamp) = (slot, stamp);
        }
        return best;
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
