import java.util.List;

/** An order: the customer's tier ("standard", "silver" or "gold"), its lines and a coupon code or null. */
public record Order(String customerTier, List<OrderLine> lines, String couponCode) {}
