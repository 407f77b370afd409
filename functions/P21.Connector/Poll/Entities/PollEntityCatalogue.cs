using System.Diagnostics.CodeAnalysis;

namespace P21.Connector.Poll.Entities;

/// <summary>The pollable entities by catalogue name (case-insensitive): customers, items, inventory, prices, …</summary>
public sealed class PollEntityCatalogue
{
    private readonly Dictionary<string, PollEntity> _entities;

    /// <summary>Creates a catalogue of <paramref name="entities"/>; names must be unique.</summary>
    public PollEntityCatalogue(IEnumerable<PollEntity> entities)
    {
        ArgumentNullException.ThrowIfNull(entities);
        _entities = new Dictionary<string, PollEntity>(StringComparer.OrdinalIgnoreCase);
        foreach (var entity in entities)
        {
            if (!_entities.TryAdd(entity.Name, entity))
            {
                throw new ArgumentException($"Two poll entities are named '{entity.Name}'.", nameof(entities));
            }
        }
    }

    /// <summary>The built-in entities in the order a full sync runs them.</summary>
    public static PollEntityCatalogue Default { get; } = new(
    [
        new CustomersEntity(), new ItemsEntity(), new InventoryEntity(), new PricesEntity(), new VendorsEntity(),
        new PurchaseOrdersEntity(), new SalesOrdersEntity(), new ShipmentsEntity(), new InvoicesEntity(),
    ]);

    /// <summary>Every entity name.</summary>
    public IReadOnlyCollection<string> Names => _entities.Keys;

    /// <summary>Every entity.</summary>
    public IReadOnlyCollection<PollEntity> Entities => _entities.Values;

    /// <summary>Finds an entity by name.</summary>
    public bool TryGet(string name, [NotNullWhen(true)] out PollEntity? entity) => _entities.TryGetValue(name, out entity);

    /// <summary>The entity named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No entity has that name; the message lists the known ones.</exception>
    public PollEntity Get(string name) =>
        TryGet(name, out var entity)
            ? entity
            : throw new KeyNotFoundException($"Unknown entity '{name}'. Known entities: {string.Join(", ", _entities.Keys)}.");
}
