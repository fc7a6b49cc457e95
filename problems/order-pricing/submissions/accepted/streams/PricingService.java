import java.util.Map;

/** Prices orders for the checkout service (streams version). */
public class PricingService {
    private static final Map<String, Integer> TIER_PERCENT = Map.of("standard", 0, "silver", 5, "gold", 10);

    public Quote quote(Order order) {
        if (order == null || order.lines() == null || order.lines().isEmpty()) {
            throw new IllegalArgumentException("empty order");
        }
        if (order.lines().stream().anyMatch(l -> l.quantity() <= 0 || l.unitPriceCents() < 0)) {
            throw new IllegalArgumentException("bad quantity or price");
        }
        Integer percent = order.customerTier() == null ? null : TIER_PERCENT.get(order.customerTier());
        if (percent == null) {
            throw new IllegalArgumentException("unknown tier");
        }
        long subtotal = order.lines().stream()
                .mapToLong(l -> Math.multiplyExact(l.unitPriceCents(), (long) l.quantity()))
                .reduce(0L, Math::addExact);
        long discount = Math.floorDiv(subtotal * percent, 100);
        long coupon = "SAVE5".equals(order.couponCode()) ? 500 : 0;
        discount = Math.min(subtotal, discount + coupon);
        long net = subtotal - discount;
        long shipping = net >= 5000 ? 0 : 499;
        return new Quote(subtotal, discount, shipping, net + shipping);
    }
}
