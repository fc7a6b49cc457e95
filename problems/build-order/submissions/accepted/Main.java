import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringTokenizer;

// Depth-first search with an explicit stack: post-order gives a build order, a grey node a cycle.
class Main {
    static StringTokenizer st;
    static BufferedReader in;

    static String next() throws IOException {
        while (st == null || !st.hasMoreTokens()) st = new StringTokenizer(in.readLine());
        return st.nextToken();
    }

    public static void main(String[] args) throws IOException {
        in = new BufferedReader(new InputStreamReader(System.in), 1 << 16);
        int n = Integer.parseInt(next()), m = Integer.parseInt(next());
        String[] names = new String[n];
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < n; i++) {
            names[i] = next();
            index.put(names[i], i);
        }
        List<List<Integer>> deps = new ArrayList<>();
        for (int i = 0; i < n; i++) deps.add(new ArrayList<>());
        for (int k = 0; k < m; k++) {
            int a = index.get(next()), b = index.get(next());
            deps.get(a).add(b);
        }
        int[] color = new int[n]; // 0 white, 1 grey (on the stack), 2 black (built)
        int[] parent = new int[n];
        int[] edge = new int[n];
        int[] stack = new int[n];
        StringBuilder order = new StringBuilder();
        for (int root = 0; root < n; root++) {
            if (color[root] != 0) continue;
            int top = 0;
            stack[top++] = root;
            color[root] = 1;
            parent[root] = -1;
            while (top > 0) {
                int v = stack[top - 1];
                if (edge[v] < deps.get(v).size()) {
                    int d = deps.get(v).get(edge[v]++);
                    if (color[d] == 0) {
                        color[d] = 1;
                        parent[d] = v;
                        stack[top++] = d;
                    } else if (color[d] == 1) {
                        // v depends on d, and d is below v on the stack: d -> ... -> v -> d.
                        List<String> cycle = new ArrayList<>();
                        for (int x = v; x != d; x = parent[x]) cycle.add(names[x]);
                        cycle.add(names[d]);
                        // cycle is v, parent(v), ..., d: parent(x) depends on x, so reverse it.
                        StringBuilder out = new StringBuilder("CYCLE\n");
                        for (int i = cycle.size() - 1; i >= 0; i--) out.append(cycle.get(i)).append(' ');
                        System.out.println(out.toString().trim());
                        return;
                    }
                } else {
                    color[v] = 2;
                    order.append(names[v]).append('\n');
                    top--;
                }
            }
        }
        System.out.print(order);
    }
}
