import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringTokenizer;

class Main {
    static final class Client {
        final ArrayDeque<Long> recent = new ArrayDeque<>();
        long accepted, rejected;
    }

    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in), 1 << 16);
        StringTokenizer st = new StringTokenizer(in.readLine());
        int n = Integer.parseInt(st.nextToken());
        int limit = Integer.parseInt(st.nextToken());
        long window = Long.parseLong(st.nextToken());
        Map<String, Client> clients = new HashMap<>();
        long totalRejected = 0;
        for (int i = 0; i < n; i++) {
            st = new StringTokenizer(in.readLine());
            long t = Long.parseLong(st.nextToken());
            Client c = clients.computeIfAbsent(st.nextToken(), k -> new Client());
            while (!c.recent.isEmpty() && c.recent.peekFirst() <= t - window) c.recent.pollFirst();
            if (c.recent.size() < limit) {
                c.recent.addLast(t);
                c.accepted++;
            } else {
                c.rejected++;
                totalRejected++;
            }
        }
        List<Map.Entry<String, Client>> rows = new ArrayList<>();
        for (Map.Entry<String, Client> e : clients.entrySet()) if (e.getValue().rejected > 0) rows.add(e);
        rows.sort((a, b) -> a.getValue().rejected != b.getValue().rejected
                ? Long.compare(b.getValue().rejected, a.getValue().rejected)
                : a.getKey().compareTo(b.getKey()));
        StringBuilder out = new StringBuilder();
        out.append(n - totalRejected).append(' ').append(totalRejected).append('\n');
        for (Map.Entry<String, Client> e : rows)
            out.append(e.getKey()).append(' ').append(e.getValue().accepted).append(' ')
               .append(e.getValue().rejected).append('\n');
        System.out.print(out);
    }
}
