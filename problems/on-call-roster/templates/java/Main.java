import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.StringTokenizer;

public class Main {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        StringTokenizer t = new StringTokenizer(in.readLine());
        int e = Integer.parseInt(t.nextToken()), s = Integer.parseInt(t.nextToken());
        String[] names = new String[e];
        int[] limit = new int[e];
        int[][] shifts = new int[e][];
        for (int i = 0; i < e; i++) {
            t = new StringTokenizer(in.readLine());
            names[i] = t.nextToken();
            limit[i] = Integer.parseInt(t.nextToken());
            shifts[i] = new int[Integer.parseInt(t.nextToken())];
            for (int j = 0; j < shifts[i].length; j++) shifts[i][j] = Integer.parseInt(t.nextToken());
        }
        // TODO: one engineer per shift, each available for it and within their limit; or IMPOSSIBLE
        System.out.println("IMPOSSIBLE");
    }
}
