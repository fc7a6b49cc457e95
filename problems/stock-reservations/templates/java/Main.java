import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.Map;
import java.util.TreeMap;

public class Main {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        int s = Integer.parseInt(in.readLine().trim());
        Map<String, Long> onHand = new TreeMap<>();
        for (int i = 0; i < s; i++) {
            String[] f = in.readLine().split(" ");
            onHand.put(f[0], Long.parseLong(f[1]));
        }
        int q = Integer.parseInt(in.readLine().trim());
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < q; i++) {
            String[] f = in.readLine().split(" "); // verb, key, arguments...
            out.append("ERROR not implemented\n"); // TODO: RESERVE / COMMIT / RELEASE / RESTOCK, with idempotency keys
        }
        out.append("STOCK\n");
        for (Map.Entry<String, Long> e : onHand.entrySet()) {
            out.append(e.getKey()).append(' ').append(e.getValue()).append(" 0 ").append(e.getValue()).append('\n');
        }
        System.out.print(out);
    }
}
