import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringTokenizer;

class Main {
    static BufferedReader in;
    static StringTokenizer st;

    static String next() throws IOException {
        while (st == null || !st.hasMoreTokens()) st = new StringTokenizer(in.readLine());
        return st.nextToken();
    }

    public static void main(String[] args) throws IOException {
        in = new BufferedReader(new InputStreamReader(System.in), 1 << 16);
        Map<String, Long> expected = new HashMap<>(), counted = new HashMap<>();
        Map<String, String> entrySku = new HashMap<>();
        Map<String, Long> entryDelta = new HashMap<>();
        int n = Integer.parseInt(next());
        for (int i = 0; i < n; i++) expected.put(next(), Long.parseLong(next()));
        int m = Integer.parseInt(next());
        for (int i = 0; i < m; i++) {
            String id = next(), kind = next();
            if (kind.equals("VOID")) {
                String target = next();
                String sku = entrySku.remove(target);
                expected.merge(sku, -entryDelta.remove(target), Long::sum);
                continue;
            }
            String sku = next();
            long delta = Long.parseLong(next());
            if (kind.equals("SHIP")) delta = -delta;
            entrySku.put(id, sku);
            entryDelta.put(id, delta);
            expected.merge(sku, delta, Long::sum);
        }
        int k = Integer.parseInt(next());
        for (int i = 0; i < k; i++) counted.put(next(), Long.parseLong(next()));
        Set<String> all = new HashSet<>(expected.keySet());
        all.addAll(counted.keySet());
        List<String> rows = new ArrayList<>();
        for (String sku : all) {
            long diff = counted.getOrDefault(sku, 0L) - expected.getOrDefault(sku, 0L);
            if (diff != 0) rows.add(sku);
        }
        rows.sort((a, b) -> {
            long da = Math.abs(counted.getOrDefault(a, 0L) - expected.getOrDefault(a, 0L));
            long db = Math.abs(counted.getOrDefault(b, 0L) - expected.getOrDefault(b, 0L));
            return da != db ? Long.compare(db, da) : a.compareTo(b);
        });
        StringBuilder out = new StringBuilder();
        long total = 0;
        for (String sku : rows) {
            long e = expected.getOrDefault(sku, 0L), c = counted.getOrDefault(sku, 0L);
            total += Math.abs(c - e);
            out.append(sku).append(' ').append(e).append(' ').append(c).append(' ').append(c - e).append('\n');
        }
        out.append("TOTAL ").append(rows.size()).append(' ').append(total).append('\n');
        System.out.print(out);
    }
}
